/**
 * The editor's structure keys and plugins. Text is never inserted from a key event: the
 * keys here only split, join and move units (Enter, Tab, Shift+Tab, Backspace) or open the
 * picker, and typed text reaches the document through ProseMirror's reading of the page,
 * which is what lets Telex/VNI through IBus or Fcitx and Unikey's Backspace + retype work.
 */
import { baseKeymap, chainCommands, deleteSelection, joinBackward, selectNodeBackward } from "prosemirror-commands";
import { history, redo, undo } from "prosemirror-history";
import { keymap } from "prosemirror-keymap";
import { Fragment, type Node as PmNode, type ResolvedPos } from "prosemirror-model";
import { EditorState, Plugin, PluginKey, TextSelection, type Command, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { PastedText, Run } from "../ipc/types";
import { runsToNodes } from "./convert";
import { schema } from "./schema";

const { clause, point, paragraph, title } = schema.nodes;

/** The nearest clause or point around a position, with its depth. */
function unitAt($pos: ResolvedPos): { node: PmNode; depth: number } | null {
  for (let d = $pos.depth; d > 0; d--) {
    const n = $pos.node(d);
    if (n.type === clause || n.type === point) return { node: n, depth: d };
  }
  return null;
}

/** Enter: a new unit of the same kind. At the end of a clause that has points, the first point;
 * in an empty point, the point becomes a clause; in the title, on to the text. */
export const enter: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  if (!$from.sameParent($to)) return false;
  if ($from.parent.type === title) {
    const after = $from.after(1);
    if (dispatch) {
      const tr = state.tr.deleteSelection();
      if (after < tr.doc.content.size) {
        dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(after + 1))).scrollIntoView());
      } else {
        const c = clause.create(null, paragraph.create());
        tr.insert(after, c);
        dispatch(tr.setSelection(TextSelection.create(tr.doc, after + 2)).scrollIntoView());
      }
    }
    return true;
  }
  const unit = unitAt($from);
  if (!unit) {
    // A lead paragraph: a new paragraph.
    if (dispatch) dispatch(state.tr.deleteSelection().split(state.tr.selection.from).scrollIntoView());
    return true;
  }
  const para = $from.parent;
  if (unit.node.type === point && para.content.size === 0 && unit.node.childCount === 1) {
    return promote(state, dispatch);
  }
  const atEnd = $from.parentOffset === para.content.size;
  const paraIndex = $from.index(unit.depth);
  if (unit.node.type === clause && atEnd && unit.node.lastChild?.type === point && paraIndex === firstPointIndex(unit.node) - 1) {
    // “1. … như sau:” ⏎ → its first point.
    if (dispatch) {
      const pos = $from.after(unit.depth + 1);
      const tr = state.tr.insert(pos, point.create(null, paragraph.create()));
      dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 2)).scrollIntoView());
    }
    return true;
  }
  if (dispatch) {
    let tr = state.tr.deleteSelection();
    const pos = tr.selection.from;
    const type = unit.node.type;
    tr = tr.split(pos, 2, [{ type, attrs: { id: null } }, { type: paragraph }]);
    dispatch(tr.scrollIntoView());
  }
  return true;
};

function firstPointIndex(c: PmNode): number {
  for (let i = 0; i < c.childCount; i++) if (c.child(i).type === point) return i;
  return c.childCount;
}

/** Tab: a clause becomes the last point of the clause before it (its own points follow it). */
export const demote: Command = (state, dispatch) => {
  const { $from } = state.selection;
  const unit = unitAt($from);
  if (!unit || unit.node.type !== clause) return unit !== null || $from.parent.type !== title;
  const index = $from.index(unit.depth - 1);
  const doc = state.doc;
  const prev = index > 0 ? doc.child(index - 1) : null;
  if (!prev || prev.type !== clause) return true;
  const clauseStart = $from.before(unit.depth);
  const prevStart = clauseStart - prev.nodeSize;
  const own: PmNode[] = [];
  const points: PmNode[] = [];
  unit.node.forEach((n) => (n.type === point ? points.push(n) : own.push(n)));
  const moved = point.create({ id: unit.node.attrs.id }, own);
  const merged = clause.create(prev.attrs, prev.content.append(Fragment.from([moved, ...points])));
  if (dispatch) {
    const offset = state.selection.from - (clauseStart + 1);
    const tr = state.tr.replaceWith(prevStart, clauseStart + unit.node.nodeSize, merged);
    const pointStart = prevStart + 1 + prev.content.size;
    dispatch(tr.setSelection(TextSelection.create(tr.doc, pointStart + 1 + offset)).scrollIntoView());
  }
  return true;
};

/** Shift+Tab: a point becomes the clause after its own; the points after it become its points. */
export const promote: Command = (state, dispatch) => {
  const { $from } = state.selection;
  const unit = unitAt($from);
  if (!unit || unit.node.type !== point) return unit !== null;
  const parent = $from.node(unit.depth - 1);
  const parentStart = $from.before(unit.depth - 1);
  const at = $from.index(unit.depth - 1);
  const kept: PmNode[] = [];
  const after: PmNode[] = [];
  parent.forEach((n, _o, i) => {
    if (i < at) kept.push(n);
    else if (i > at) after.push(n);
  });
  const before = clause.create(parent.attrs, kept);
  const lifted = clause.create({ id: unit.node.attrs.id }, [...childrenOf(unit.node), ...after]);
  if (dispatch) {
    const offset = state.selection.from - ($from.before(unit.depth) + 1);
    const tr = state.tr.replaceWith(parentStart, parentStart + parent.nodeSize, [before, lifted]);
    const liftedStart = parentStart + before.nodeSize;
    dispatch(tr.setSelection(TextSelection.create(tr.doc, liftedStart + 1 + offset)).scrollIntoView());
  }
  return true;
};

function childrenOf(n: PmNode): PmNode[] {
  const out: PmNode[] = [];
  n.forEach((c) => out.push(c));
  return out;
}

/** Backspace at the start of a clause's or point's first paragraph: its text joins the
 * paragraph before, and what else it held (paragraphs, points) follows there. */
export const mergeBackward: Command = (state, dispatch) => {
  const sel = state.selection;
  if (!sel.empty) return false;
  const $from = sel.$from;
  if ($from.parentOffset !== 0) return false;
  const unit = unitAt($from);
  if (!unit || $from.index(unit.depth) !== 0) return false;
  const unitStart = $from.before(unit.depth);
  // The textblock just before the unit.
  const $before = state.doc.resolve(unitStart);
  const prev = TextSelection.findFrom($before, -1, true);
  if (!prev || prev.$from.parent.type === title) return true;
  if (dispatch) {
    const target = prev.from;
    const first = unit.node.firstChild!;
    const rest = childrenOf(unit.node).slice(1);
    let tr: Transaction = state.tr.delete(unitStart, unitStart + unit.node.nodeSize);
    tr = tr.insert(target, first.content);
    // The rest goes after the container of the paragraph it joined.
    const $t = tr.doc.resolve(target);
    let placed = false;
    for (let d = $t.depth - 1; d >= 0 && !placed; d--) {
      const pos = $t.after(d + 1);
      const container = $t.node(d);
      const index = $t.index(d) + 1;
      if (container.canReplace(index, index, Fragment.from(rest))) {
        tr = tr.insert(pos, rest);
        placed = true;
      }
    }
    if (!placed && rest.length > 0) return false;
    dispatch(tr.setSelection(TextSelection.create(tr.doc, target)).scrollIntoView());
  }
  return true;
};

/** Clause numbers and point letters, drawn from position: a `data-marker` on each unit. */
export function numberingPlugin(letters: string[]): Plugin {
  const markers = (doc: PmNode): DecorationSet => {
    const decos: Decoration[] = [];
    let n = 0;
    doc.forEach((c, offset) => {
      if (c.type !== clause) return;
      n += 1;
      decos.push(Decoration.node(offset, offset + c.nodeSize, { "data-marker": `${n}.` }));
      let k = 0;
      c.forEach((p, o) => {
        if (p.type !== point) return;
        const start = offset + 1 + o;
        decos.push(Decoration.node(start, start + p.nodeSize, { "data-marker": `${letters[k] ?? "?"})` }));
        k += 1;
      });
    });
    return DecorationSet.create(doc, decos);
  };
  return new Plugin({
    state: {
      init: (_c, s) => markers(s.doc),
      apply: (tr, old) => (tr.docChanged ? markers(tr.doc) : old),
    },
    props: {
      decorations(state) {
        return this.getState(state);
      },
    },
  });
}

/** What opens the reference picker: Ctrl+K (empty query, insert at the cursor) or “Điều 3”,
 * “khoản 2”, “điểm a” just typed (that text is replaced by the reference). */
export interface PickerRequest {
  from: number;
  to: number;
  query: string;
}

const TRIGGER = /(?:^|[\s(])((?:Điều|điều|khoản|Khoản|điểm|Điểm) \d+)$/u;

/** The typed words before the cursor that ask for a reference, if any. */
export function typedTrigger(state: EditorState): PickerRequest | null {
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.type === title) return null;
  const before = $from.parent.textBetween(Math.max(0, $from.parentOffset - 40), $from.parentOffset, undefined, "\ufffc");
  const m = TRIGGER.exec(before);
  if (!m) return null;
  const q = m[1];
  return { from: $from.pos - q.length, to: $from.pos, query: q };
}

export const pickerKey = new PluginKey<PickerRequest | null>("reference-picker");

/** Tells `onrequest` when the picker should open: Ctrl+K, or a trigger just typed. */
export function pickerPlugin(onrequest: (r: PickerRequest) => void): Plugin {
  return new Plugin({
    key: pickerKey,
    props: {
      handleKeyDown(view, e) {
        if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
          e.preventDefault();
          if (view.state.selection.$from.parent.type === title) {
            // A reference never goes in the title: to the end of the text (a first clause
            // if there is none), and ask there.
            let tr = view.state.tr;
            if (tr.doc.childCount === 1) tr = tr.insert(tr.doc.content.size, clause.create(null, paragraph.create()));
            view.dispatch(tr.setSelection(TextSelection.atEnd(tr.doc)).scrollIntoView());
          }
          const { from, to } = view.state.selection;
          onrequest({ from, to, query: "" });
          return true;
        }
        return false;
      },
    },
    view: () => ({
      update(view, prev) {
        if (view.state.doc.eq(prev.doc)) return;
        // Only on typing (a one-character growth), never on undo or a paste.
        if (view.state.doc.content.size !== prev.doc.content.size + 1) return;
        const r = typedTrigger(view.state);
        if (r) onrequest(r);
      },
    }),
  });
}

/** Replaces `from..to` with a reference to `target`. */
export function insertReference(
  state: EditorState,
  r: { from: number; to: number },
  target: { id: number; label: string },
): Transaction {
  const node = schema.nodes.reference.create({ written: target.label, targets: [target.id], label: target.label, broken: false });
  const tr = state.tr.replaceWith(r.from, r.to, node);
  const after = r.from + node.nodeSize;
  return tr.setSelection(TextSelection.create(tr.doc, after));
}

/** The editor's plugins, in order: structure keys, undo/redo, the rest of the base keymap. */
export function editorPlugins(letters: string[], onpick: (r: PickerRequest) => void): Plugin[] {
  return [
    pickerPlugin(onpick),
    history(),
    keymap({
      Enter: enter,
      Tab: demote,
      "Shift-Tab": promote,
      Backspace: chainCommands(deleteSelection, mergeBackward, joinBackward, selectNodeBackward),
      "Mod-z": undo,
      "Mod-y": redo,
      "Shift-Mod-z": redo,
    }),
    keymap(baseKeymap),
    numberingPlugin(letters),
  ];
}

export function createState(doc: PmNode, letters: string[], onpick: (r: PickerRequest) => void): EditorState {
  return EditorState.create({ doc, plugins: editorPlugins(letters, onpick) });
}

/**
 * A pasted text the back end has read (`pasted_text`: a Word list's “1.<tab>”, “a)<tab>”
 * as clauses and points) put where the cursor is, as the editor's own units, so their
 * numbers are drawn from position like every other: paragraphs after the cursor's
 * paragraph, points after its point (or with its clause's points; as clauses when the
 * cursor is in no clause), clauses after its clause (or before the first clause), and the
 * title of a pasted “Điều N.” line at the cursor when it is in the title.
 */
export function insertPasted(state: EditorState, p: PastedText): Transaction {
  const tr = state.tr;
  const { $from } = state.selection;
  const para = (runs: Run[]) => paragraph.create(null, runsToNodes(runs));
  const pointNode = (pt: { paragraphs: Run[][] }) => point.create(null, pt.paragraphs.map(para));
  const clauseNode = (c: PastedText["clauses"][number]) =>
    clause.create(null, [...c.paragraphs.map(para), ...c.points.map(pointNode)]);
  const unit = unitAt($from);
  const clauseDepth = unit ? (unit.node.type === clause ? unit.depth : unit.depth - 1) : null;
  let end = state.selection.to;
  const put = (pos: number, nodes: PmNode[]) => {
    if (nodes.length === 0) return;
    const at = tr.mapping.map(pos);
    tr.insert(at, nodes);
    end = at + nodes.reduce((n, x) => n + x.nodeSize, 0);
  };
  // From the last place to the first, each position mapped through what went in before.
  const clauses = p.clauses.map(clauseNode);
  if (clauseDepth !== null) {
    put($from.after(clauseDepth), clauses);
    const c = $from.node(clauseDepth);
    const cStart = $from.before(clauseDepth);
    const pointsAt = unit!.node.type === point ? $from.after(unit!.depth) : cStart + 1 + firstPointOffset(c);
    put(pointsAt, p.points.map(pointNode));
    put($from.after($from.depth), p.paragraphs.map(para));
  } else {
    let first = state.doc.content.size;
    state.doc.forEach((n, offset) => {
      if (n.type === clause && first === state.doc.content.size) first = offset;
    });
    const asClauses = p.points.map((pt) => clause.create(null, pt.paragraphs.map(para)));
    put(first, [...asClauses, ...clauses]);
    put($from.after(1), p.paragraphs.map(para));
    // The title goes where the cursor is in the title, replacing what is selected there.
    if (p.title !== null && $from.parent.type === title && state.selection.$to.parent.type === title) {
      tr.insertText(p.title, state.selection.from, state.selection.to);
    }
  }
  const sel = TextSelection.findFrom(tr.doc.resolve(Math.min(end, tr.doc.content.size)), -1, true);
  if (sel) tr.setSelection(sel);
  return tr.setMeta("paste", true).scrollIntoView();
}

/** Where a clause's points start, from the clause's own start. */
function firstPointOffset(c: PmNode): number {
  let offset = 0;
  for (let i = 0; i < c.childCount && c.child(i).type !== point; i++) offset += c.child(i).nodeSize;
  return offset;
}
