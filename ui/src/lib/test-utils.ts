/** Test-only helpers shared by the vitest suites. */
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/svelte";
import App from "../App.svelte";
import { createMockBackend, type MockBackend, type MockBackendOptions } from "./ipc/mock-backend";
import { exchange } from "./exchange/exchange.svelte";
import { session } from "./people/session.svelte";
import { clearToasts } from "./shared/toasts.svelte";

export function installBackend(options: MockBackendOptions = {}): MockBackend {
  const backend = createMockBackend(options);
  mockIPC((cmd, args) => backend.handle(cmd, args as Record<string, unknown> | undefined));
  return backend;
}

export function resetAll(): void {
  clearMocks();
  clearToasts();
  session.reset();
  exchange.reset();
}

export async function renderApp() {
  const result = render(App);
  await waitFor(() => expect(result.container.querySelector('[data-ready="true"]')).not.toBeNull());
  return result;
}

export async function openFirstRegulation() {
  const r = await renderApp();
  const items = await screen.findAllByTestId("regulation-item");
  items[0].click();
  await screen.findByTestId("outline");
  await waitFor(() => expect(screen.getAllByTestId("article").length).toBeGreaterThan(0));
  return r;
}

export function commandCalls(backend: MockBackend, cmd: string) {
  return backend.calls.filter((c) => c.cmd === cmd);
}
