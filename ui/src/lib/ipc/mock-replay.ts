/**
 * The `mock` build's back end (the headless browser test only, see main.ts): the tape the
 * browser flow recorded from the real back end, served by the replay. The test answers
 * the next file dialog a command opens by pushing a path (or paths, or null) to
 * `window.__QUYCHE_OPEN__`; with nothing pushed, the dialog answers as recorded.
 */
import { mockIPC } from "@tauri-apps/api/mocks";
import { createReplay, type Tape } from "./replay";
import tape from "./recorded/browser.json?raw";

const w = window as unknown as { __QUYCHE_OPEN__: (string | string[] | null)[]; __QUYCHE_REPLAY__: unknown };
w.__QUYCHE_OPEN__ = [];
const replay = createReplay(JSON.parse(tape) as Tape, {
  pick: () => (w.__QUYCHE_OPEN__.length > 0 ? w.__QUYCHE_OPEN__.shift() : undefined),
});
mockIPC((cmd, args) => replay.handle(cmd, args as Record<string, unknown> | undefined));
w.__QUYCHE_REPLAY__ = replay;
