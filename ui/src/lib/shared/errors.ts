import { ApiFailure, toFailure } from "../ipc/client";

/** A Vietnamese sentence for any error. `bad_input` and `conflict` messages come from Rust as is. */
export function errorMessage(e: unknown): string {
  const f: ApiFailure = toFailure(e);
  switch (f.code) {
    case "database_in_use":
      return f.message || "Dữ liệu đang được một chương trình khác sử dụng.";
    case "not_found":
      return f.message || "Không tìm thấy văn bản.";
    case "corrupt":
      return f.message || "Dữ liệu bị hỏng.";
    case "io":
      return f.message || "Lỗi đọc/ghi tệp.";
    default:
      return f.message || "Đã có lỗi xảy ra.";
  }
}
