/**
 * The `mock` build's back end (the headless browser test only, see main.ts): the tape the
 * browser flow recorded from the real back end, served by the replay. The test answers
 * the open dialog by pushing paths to `window.__QUYCHE_OPEN__`; the save dialog answers
 * with the suggested name in the recorded files folder.
 */
import { mockIPC } from "@tauri-apps/api/mocks";
import { createReplay, type Tape } from "./replay";
import tape from "./recorded/browser.json?raw";

const w = window as unknown as { __QUYCHE_OPEN__: (string | string[] | null)[]; __QUYCHE_REPLAY__: unknown };
w.__QUYCHE_OPEN__ = [];
const replay = createReplay(JSON.parse(tape) as Tape, { open: () => w.__QUYCHE_OPEN__.shift() ?? null });
mockIPC((cmd, args) => replay.handle(cmd, args as Record<string, unknown> | undefined));
w.__QUYCHE_REPLAY__ = replay;
