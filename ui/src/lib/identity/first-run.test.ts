import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { recordedData } from "../ipc/replay";
import type { FirstStartView } from "../ipc/types";
import { commandCalls, installBackend, renderApp, resetAll, tape } from "../test-utils";

afterEach(resetAll);

describe("the first start", () => {
  it("blocks the window with one dialog, checks the fields in its own words, and makes the answer the user", async () => {
    const backend = installBackend("first-start");
    await renderApp();
    const dialog = await screen.findByTestId("first-run");
    expect(dialog.closest("[aria-modal='true']") ?? dialog.querySelector("[aria-modal='true']") ?? dialog).toBeInTheDocument();
    expect(screen.queryByTestId("person-picker")).toBeNull();
    // Focus starts in the name field; the form never asks the browser to validate.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("first-run-name")));
    expect(screen.getByTestId("first-run-form")).toHaveAttribute("novalidate");
    // The roles and their labels are Rust's.
    const roles = recordedData<FirstStartView>(tape("first-start"), "first_start").roles.map((r) => r.label);
    const options = within(screen.getByTestId("first-run-role")).getAllByRole("option").slice(1);
    expect(options.map((o) => o.textContent)).toEqual(roles);

    await fireEvent.click(screen.getByTestId("first-run-submit"));
    expect(screen.getByTestId("first-run-name-msg")).toHaveTextContent("Hãy nhập họ và tên của bạn.");
    expect(screen.getByTestId("first-run-position-msg")).toHaveTextContent("Hãy nhập chức vụ của bạn.");
    expect(screen.getByTestId("first-run-role-msg")).toHaveTextContent("Hãy chọn vai trò của bạn.");
    expect(commandCalls(backend, "start_here")).toHaveLength(0);

    await fireEvent.input(screen.getByTestId("first-run-name"), { target: { value: "Lê Thị Hoa" } });
    await fireEvent.input(screen.getByTestId("first-run-position"), { target: { value: "Ủy viên Ban Thường vụ" } });
    await fireEvent.change(screen.getByTestId("first-run-role"), { target: { value: "member" } });
    expect(screen.queryByTestId("first-run-name-msg")).toBeNull();
    await fireEvent.click(screen.getByTestId("first-run-submit"));
    await waitFor(() => expect(screen.queryByTestId("first-run")).toBeNull());
    expect(commandCalls(backend, "start_here")[0].args).toEqual({ name: "Lê Thị Hoa", position: "Ủy viên Ban Thường vụ", role: "member" });
    expect(screen.getByTestId("current-user")).toHaveTextContent("Lê Thị Hoa");
    // A member with only the sample: the library leads with opening a package.
    await waitFor(() => expect(screen.getByTestId("open-package")).toHaveAttribute("data-lead", "true"));
    expect(screen.getByTestId("open-package")).toHaveClass("primary");
    expect(screen.getByTestId("import-button")).not.toHaveClass("primary");
    expect(screen.getByTestId("sample-badge")).toHaveTextContent("Bản mẫu");
  });

  it("removes the sample; the member's empty library leads with opening a package", async () => {
    const backend = installBackend("first-start", { from: "member" });
    await renderApp();
    expect(await screen.findByTestId("sample-badge")).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("remove-sample"));
    await waitFor(() => expect(screen.queryAllByTestId("regulation-item")).toHaveLength(0));
    expect(commandCalls(backend, "remove_sample")).toHaveLength(1);
    expect(screen.getByTestId("lead-open-package")).toHaveTextContent("Mở gói lấy ý kiến…");
  });

  it("the person picker acts for another person and names the machine's owner", async () => {
    installBackend("demo");
    await renderApp();
    await fireEvent.click(await screen.findByTestId("switch-user"));
    const picker = await screen.findByTestId("person-picker");
    expect(picker).toHaveTextContent("Làm thay cho…");
    expect(screen.getByTestId("picker-owner")).toHaveTextContent("Trần Thị Bình");
  });
});
