import { splitClosing } from "./closing";

describe("splitClosing", () => {
  it("separates text, signature and recipients", () => {
    expect(
      splitClosing([
        "Quy chế này có hiệu lực kể từ ngày ký.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT.",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Nguyễn Văn An",
      ]),
    ).toEqual({
      paragraphs: ["Quy chế này có hiệu lực kể từ ngày ký."],
      recipients: ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."],
      signature: ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An"],
    });
  });
  it("keeps unknown lines as paragraphs", () => {
    expect(splitClosing(["Một dòng.", "Dòng khác."])).toEqual({
      paragraphs: ["Một dòng.", "Dòng khác."],
      recipients: [],
      signature: [],
    });
  });
});
