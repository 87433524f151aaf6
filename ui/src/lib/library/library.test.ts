import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { REG_TITLE, SECOND_TITLE } from "../ipc/fixtures";
import { commandCalls, installBackend, renderApp, resetAll } from "../test-utils";

afterEach(resetAll);

describe("library", () => {
  it("lists regulations with status, revision count and last change", async () => {
    installBackend();
    await renderApp();
    const items = await screen.findAllByTestId("regulation-item");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(REG_TITLE);
    expect(items[0]).toHaveTextContent("Dự thảo");
    expect(items[0]).toHaveTextContent("2 phiên bản");
    expect(items[0]).toHaveTextContent("28/11/2026 09:20");
    expect(items[0]).toHaveTextContent("Văn phòng");
    expect(items[1]).toHaveTextContent(SECOND_TITLE);
  });

  it("opens a regulation and goes back", async () => {
    const backend = installBackend();
    await renderApp();
    await fireEvent.click((await screen.findAllByTestId("regulation-item"))[0]);
    await screen.findByTestId("outline");
    expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 2 · 28/11/2026 09:20 · Văn phòng");
    expect(commandCalls(backend, "open_regulation")[0].args).toEqual({ regulationId: "qc-btv-2025", revision: null });
    await fireEvent.click(screen.getByTestId("nav-library"));
    expect(await screen.findAllByTestId("regulation-item")).toHaveLength(2);
  });

  it("shows an empty state", async () => {
    installBackend({ empty: true });
    await renderApp();
    expect(await screen.findByText("Chưa có quy chế nào.")).toBeInTheDocument();
    expect(screen.queryAllByTestId("regulation-item")).toHaveLength(0);
  });

  it("shows a load error with the backend's message", async () => {
    const backend = installBackend();
    const handle = backend.handle;
    backend.handle = async (cmd, args) => {
      if (cmd === "list_regulations") throw { code: "database_in_use", message: "Cơ sở dữ liệu đang được chương trình khác mở." };
      return handle(cmd, args);
    };
    const { mockIPC } = await import("@tauri-apps/api/mocks");
    mockIPC((cmd, args) => backend.handle(cmd, args as Record<string, unknown>));
    await renderApp();
    expect(await screen.findByRole("alert")).toHaveTextContent("Cơ sở dữ liệu đang được chương trình khác mở.");
  });
});

describe("import", () => {
  it("picks a .txt file, imports it, shows the diagnostics and opens the new regulation", async () => {
    const backend = installBackend({ dialogPath: "/home/vp/quy-che-ubkt.txt" });
    await renderApp();
    await fireEvent.click(screen.getByTestId("import-button"));
    const report = await screen.findByTestId("import-report");
    const dialog = commandCalls(backend, "plugin:dialog|open")[0].args as { options: { multiple: boolean; filters: unknown } };
    expect(dialog.options.multiple).toBe(false);
    expect(dialog.options.filters).toEqual([{ name: "Văn bản", extensions: ["txt"] }]);
    expect(commandCalls(backend, "import_file")[0].args).toEqual({ path: "/home/vp/quy-che-ubkt.txt" });
    const diags = within(report).getAllByTestId("diagnostic");
    expect(diags).toHaveLength(2);
    expect(diags[0]).toHaveTextContent("Dòng 42:");
    await screen.findByTestId("outline");
    expect(screen.getByTestId("current-revision")).toHaveTextContent("Phiên bản 1");
    expect(screen.getAllByTestId("toast")[0]).toHaveTextContent("Đã nhập");
    await fireEvent.click(screen.getByTestId("dismiss-import-report"));
    expect(screen.queryByTestId("import-report")).toBeNull();
  });

  it("does nothing when the dialog is cancelled", async () => {
    const backend = installBackend({ dialogPath: null });
    await renderApp();
    await fireEvent.click(screen.getByTestId("import-button"));
    await waitFor(() => expect(commandCalls(backend, "plugin:dialog|open")).toHaveLength(1));
    expect(commandCalls(backend, "import_file")).toHaveLength(0);
    expect(screen.getAllByTestId("regulation-item")).toHaveLength(2);
  });

  it("shows bad_input messages as given", async () => {
    installBackend({ dialogPath: "/home/vp/anh.png" });
    await renderApp();
    await fireEvent.click(screen.getByTestId("import-button"));
    const toast = await screen.findByTestId("toast");
    expect(toast).toHaveTextContent('Tệp "/home/vp/anh.png" không phải tệp .txt.');
  });
});
