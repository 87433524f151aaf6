/** Installs the in-memory backend in the page. Only imported by the `mock` build (see main.ts). */
import { mockIPC } from "@tauri-apps/api/mocks";
import { createMockBackend } from "./mock-backend";

const backend = createMockBackend({ large: true });
mockIPC((cmd, args) => backend.handle(cmd, args as Record<string, unknown> | undefined));
(window as unknown as { __QUYCHE_MOCK__: unknown }).__QUYCHE_MOCK__ = backend;
