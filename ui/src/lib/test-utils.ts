/** Test-only helpers shared by the vitest suites: the recorded tapes and the app. */
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/svelte";
import App from "../App.svelte";
import { createReplay, recordedData, type Replay, type ReplayOptions, type Tape } from "./ipc/replay";
import type { PersonView, RegulationSummary, RegulationView, UnitView } from "./ipc/types";
import { exchange } from "./exchange/exchange.svelte";
import { session } from "./people/session.svelte";
import { clearToasts } from "./shared/toasts.svelte";

// The tapes recorded from the real back end (crates/api/tests/recorded_ipc.rs).
const TAPES = import.meta.glob<string>("./ipc/recorded/*.json", { query: "?raw", import: "default", eager: true });

export type TapeName =
  | "library"
  | "empty"
  | "no-user"
  | "demo"
  | "conflict"
  | "unsafe-text"
  | "redline"
  | "review"
  | "exchange-chairman"
  | "exchange-member"
  | "first-start"
  | "documents-out";

const parsed = new Map<string, Tape>();

export function tape(name: TapeName): Tape {
  let t = parsed.get(name);
  if (!t) {
    const text = TAPES[`./ipc/recorded/${name}.json`];
    if (text === undefined) throw new Error(`no recorded tape ${name}`);
    t = JSON.parse(text) as Tape;
    parsed.set(name, t);
  }
  return t;
}

let current: Replay | null = null;

/** Serves the named tape to the app (see ipc/replay.ts). */
export function installBackend(name: TapeName | Tape, options: ReplayOptions = {}): Replay {
  const replay = createReplay(typeof name === "string" ? tape(name) : name, options);
  mockIPC((cmd, args) => replay.handle(cmd, args as Record<string, unknown> | undefined));
  current = replay;
  return replay;
}

export function resetAll(): void {
  const missing = current?.unrecorded ?? [];
  current = null;
  clearMocks();
  clearToasts();
  session.reset();
  exchange.reset();
  if (missing.length > 0) throw new Error(missing.join("\n"));
}

export async function renderApp() {
  const result = render(App);
  await waitFor(() => expect(result.container.querySelector('[data-ready="true"]')).not.toBeNull());
  return result;
}

/** Opens the regulation listed first (the demo, in the tapes that have it). */
export async function openFirstRegulation() {
  const r = await renderApp();
  const items = await screen.findAllByTestId("regulation-item");
  items[0].click();
  await screen.findByTestId("outline");
  await waitFor(() => expect(screen.getAllByTestId("article").length).toBeGreaterThan(0));
  return r;
}

export function commandCalls(replay: Replay, cmd: string) {
  return replay.calls.filter((c) => c.cmd === cmd);
}

// ---- what the tapes hold, read from them rather than written down again ----

/** The regulation listed first in a tape (the demo). */
export function firstRegulation(name: TapeName): RegulationSummary {
  return recordedData<RegulationSummary[]>(tape(name), "list_regulations")[0];
}

/** The latest recorded view of a regulation (or of one revision). */
export function recordedView(name: TapeName, regulationId: string, revision: number | null = null): RegulationView {
  return recordedData<RegulationView>(tape(name), "open_regulation", { regulationId, revision });
}

function articles(units: UnitView[], out: UnitView[] = []): UnitView[] {
  for (const u of units) {
    if (u.kind === "article") out.push(u);
    articles(u.children, out);
  }
  return out;
}

/** The article printed as `marker` (`Điều 14`) in a view. */
export function articleOf(view: RegulationView, marker: string): UnitView {
  const a = articles(view.units).find((u) => u.marker === marker);
  if (!a) throw new Error(`no ${marker}`);
  return a;
}

export function allArticles(view: RegulationView): UnitView[] {
  return articles(view.units);
}

/** The person of a tape called `name`. */
export function personNamed(name: TapeName, person: string): PersonView {
  const p = recordedData<PersonView[]>(tape(name), "people").find((x) => x.name === person);
  if (!p) throw new Error(`no person ${person}`);
  return p;
}
