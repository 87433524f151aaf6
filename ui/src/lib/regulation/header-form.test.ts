import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import raw from "../ipc/recorded/templates.json?raw";
import { recordedError, type Tape } from "../ipc/replay";
import type { HeaderFields } from "../ipc/types";
import { commandCalls, installBackend, resetAll } from "../test-utils";
import HeaderForm from "./HeaderForm.svelte";

afterEach(resetAll);

const TAPE = JSON.parse(raw) as Tape;

function type(testid: string, value: string) {
  return fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

describe("header form", () => {
  it("shows the header as fields, shows a refusal from the back end, then saves one revision", async () => {
    const backend = installBackend(TAPE);
    const onsaved = vi.fn();
    render(HeaderForm, { regulationId: "qc-2", revision: 1, onsaved });
    await fireEvent.click(screen.getByTestId("header-open"));
    await screen.findByTestId("header-form");
    expect(screen.getByTestId("header-issuing-body")).toHaveValue("LIÊN MINH HỢP TÁC XÃ …\nBAN CHẤP HÀNH");
    expect(screen.getByTestId("header-number")).toHaveValue("…/QĐ-…");
    expect(screen.getByTestId("header-place")).toHaveValue("…");
    expect(screen.getByTestId("header-date")).toHaveValue("");
    expect(screen.getByTestId("header-title")).toHaveValue("Làm việc của Ban Chấp hành Liên minh Hợp tác xã …, nhiệm kỳ …");
    expect(screen.getByTestId("header-decision-note")).toHaveValue(
      "Ban hành kèm theo Quyết định số …/QĐ-… ngày … tháng … năm … của Ban Chấp hành Liên minh Hợp tác xã …",
    );

    // An empty title: the back end says why, nothing is saved, the form stays.
    await type("header-title", " ");
    await fireEvent.click(screen.getByTestId("header-save"));
    const refused = recordedError(TAPE, "save_header");
    expect(await screen.findByTestId("header-error")).toHaveTextContent(refused.message);
    expect(onsaved).not.toHaveBeenCalled();

    await type("header-issuing-body", "LIÊN MINH HỢP TÁC XÃ TỈNH BÌNH AN\nBAN CHẤP HÀNH\n");
    await type("header-place", "Bình An");
    await type("header-date", "15/12/2026");
    await type("header-title", "Làm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An, nhiệm kỳ 2025 - 2030");
    await fireEvent.click(screen.getByTestId("header-save"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    expect(screen.queryByTestId("header-form")).toBeNull();
    const sent = commandCalls(backend, "save_header").map((c) => c.args?.fields as HeaderFields);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({
      issuing_body: ["LIÊN MINH HỢP TÁC XÃ TỈNH BÌNH AN", "BAN CHẤP HÀNH"],
      place: "Bình An",
      date: "2026-12-15",
    });

    // Opened again: the header as saved.
    await fireEvent.click(screen.getByTestId("header-open"));
    await screen.findByTestId("header-form");
    expect(screen.getByTestId("header-date")).toHaveValue("15/12/2026");
    expect(screen.getByTestId("header-place")).toHaveValue("Bình An");
  });

  it("says why the text cannot be edited now, in the back end's words", async () => {
    installBackend(TAPE);
    render(HeaderForm, { regulationId: "qc-2", revision: 1, canEdit: false, editReason: "Đang lấy ý kiến: không sửa văn bản." });
    await fireEvent.click(screen.getByTestId("header-open"));
    expect(await screen.findByTestId("header-readonly")).toHaveTextContent("Đang lấy ý kiến: không sửa văn bản.");
  });
});
