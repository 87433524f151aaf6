/**
 * The `mock` build's back end (the headless browser test only, see main.ts): the tape the
 * browser flow recorded from the real back end, served by the replay. The test answers
 * the next file dialog a command opens by pushing a path (or paths, or null) to
 * `window.__QUYCHE_OPEN__`; with nothing pushed, the dialog answers as recorded.
 * `?tape=NAME&from=MARK` serves another recorded tape (the first start's screens),
 * from one of its marks; `&slow=CMD:MS` makes one command answer after MS milliseconds,
 * as a big file does, so that its progress shows.
 */
import { mockIPC } from "@tauri-apps/api/mocks";
import { createReplay, type Tape } from "./replay";
import browserTape from "./recorded/browser.json?raw";

const OTHER_TAPES = import.meta.glob<string>("./recorded/*.json", { query: "?raw", import: "default", eager: true });
const params = new URLSearchParams(window.location.search);
const tape = OTHER_TAPES[`./recorded/${params.get("tape")}.json`] ?? browserTape;

const w = window as unknown as { __QUYCHE_OPEN__: (string | string[] | null)[]; __QUYCHE_REPLAY__: unknown };
w.__QUYCHE_OPEN__ = [];
const replay = createReplay(JSON.parse(tape) as Tape, {
  from: params.get("from") ?? undefined,
  pick: () => (w.__QUYCHE_OPEN__.length > 0 ? w.__QUYCHE_OPEN__.shift() : undefined),
});
const [slowCmd, slowMs] = (params.get("slow") ?? "").split(":");
mockIPC(async (cmd, args) => {
  if (cmd === slowCmd) await new Promise((r) => setTimeout(r, Number(slowMs) || 0));
  return replay.handle(cmd, args as Record<string, unknown> | undefined);
});
w.__QUYCHE_REPLAY__ = replay;
