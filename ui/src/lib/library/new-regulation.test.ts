import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import raw from "../ipc/recorded/templates.json?raw";
import { recordedData, recordedError, type Tape } from "../ipc/replay";
import type { TemplateOption } from "../ipc/types";
import { commandCalls, installBackend, renderApp, resetAll } from "../test-utils";

afterEach(resetAll);

const TAPE = JSON.parse(raw) as Tape;

describe("new regulation", () => {
  it("offers the back end's four templates and opens the regulation it creates", async () => {
    const backend = installBackend(TAPE);
    await renderApp();
    await fireEvent.click(await screen.findByTestId("new-regulation"));
    const dialog = await screen.findByTestId("new-regulation-dialog");
    const offered = recordedData<TemplateOption[]>(TAPE, "regulation_templates");
    expect(offered.map((t) => t.template)).toEqual(["bch", "btv", "ubkt", "blank"]);
    for (const t of offered) {
      const radio = within(dialog).getByTestId(`template-${t.template}`);
      expect(radio.closest("label")).toHaveTextContent(t.label);
      expect(radio.closest("label")).toHaveTextContent(t.description);
    }
    expect(within(dialog).getByTestId("template-bch")).toBeChecked();

    // A title with a direction override: the back end's refusal, shown as it is.
    await fireEvent.click(within(dialog).getByTestId("template-btv"));
    await fireEvent.input(within(dialog).getByTestId("new-regulation-title"), { target: { value: "Quy chế\u202e" } });
    await fireEvent.click(within(dialog).getByTestId("new-regulation-create"));
    const refusal = recordedError(TAPE, "new_regulation", { template: "btv", title: "Quy chế\u202e" });
    expect(await within(dialog).findByTestId("new-regulation-error")).toHaveTextContent(refusal.message);

    // The Executive Committee's template with its own title: created, then opened.
    await fireEvent.click(within(dialog).getByTestId("template-bch"));
    await fireEvent.input(within(dialog).getByTestId("new-regulation-title"), { target: { value: "" } });
    await fireEvent.click(within(dialog).getByTestId("new-regulation-create"));
    await waitFor(() => expect(screen.queryByTestId("new-regulation-dialog")).toBeNull());
    expect(commandCalls(backend, "new_regulation").map((c) => c.args)).toEqual([
      { template: "btv", title: "Quy chế\u202e" },
      { template: "bch", title: null },
    ]);
    await screen.findByTestId("outline");
    expect(commandCalls(backend, "open_regulation").at(-1)?.args).toEqual({ regulationId: "qc-2", revision: null });
    await waitFor(() => expect(screen.getAllByTestId("article")).toHaveLength(17));
  });

  it("closes without creating anything", async () => {
    const backend = installBackend(TAPE);
    await renderApp();
    await fireEvent.click(await screen.findByTestId("new-regulation"));
    await screen.findByTestId("template-bch");
    await fireEvent.click(screen.getByRole("button", { name: "Hủy" }));
    expect(screen.queryByTestId("new-regulation-dialog")).toBeNull();
    expect(commandCalls(backend, "new_regulation")).toHaveLength(0);
  });
});
