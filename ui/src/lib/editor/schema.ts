/**
 * The structured article editor's document: the article's title, its lead paragraphs,
 * clauses, and points in clauses. No number is ever part of the text: clause numbers and
 * point letters are drawn from position (`numbering.ts`), the letters from the sequence
 * the back end sends (`EditableArticle.point_letters`).
 *
 * A reference is an inline atom holding the ids of the units it names; it shows the label
 * the back end rendered, and on save it is written again from its targets (Rust).
 */
import { Schema, type Node as PmNode } from "prosemirror-model";

export const schema = new Schema({
  nodes: {
    doc: { content: "title paragraph* clause*" },
    title: {
      content: "text*",
      marks: "",
      defining: true,
      parseDOM: [{ tag: "div.pm-title" }],
      toDOM: () => ["div", { class: "pm-title" }, 0],
    },
    clause: {
      content: "paragraph+ point*",
      attrs: { id: { default: null } },
      defining: true,
      parseDOM: [{ tag: "div.pm-clause" }],
      toDOM: () => ["div", { class: "pm-clause", "data-testid": "editor-clause" }, 0],
    },
    point: {
      content: "paragraph+",
      attrs: { id: { default: null } },
      defining: true,
      parseDOM: [{ tag: "div.pm-point" }],
      toDOM: () => ["div", { class: "pm-point", "data-testid": "editor-point" }, 0],
    },
    paragraph: {
      content: "inline*",
      parseDOM: [{ tag: "p" }],
      toDOM: () => ["p", 0],
    },
    text: { group: "inline" },
    reference: {
      group: "inline",
      inline: true,
      atom: true,
      selectable: true,
      attrs: {
        written: { default: "" },
        targets: { default: [] },
        label: { default: "" },
        broken: { default: false },
      },
      parseDOM: [
        {
          tag: "span.pm-ref",
          getAttrs: (dom: HTMLElement) => ({
            written: dom.getAttribute("data-written") ?? dom.textContent ?? "",
            targets: (dom.getAttribute("data-targets") ?? "").split(" ").filter(Boolean).map(Number),
            label: dom.getAttribute("data-label") ?? dom.textContent ?? "",
            broken: dom.getAttribute("data-broken") === "true",
          }),
        },
      ],
      toDOM: (node: PmNode) => [
        "span",
        {
          class: node.attrs.broken ? "pm-ref broken" : "pm-ref",
          "data-testid": "reference",
          "data-broken": String(node.attrs.broken),
          "data-label": node.attrs.label,
          "data-written": node.attrs.written,
          "data-targets": (node.attrs.targets as number[]).join(" "),
          title: node.attrs.broken ? "Tham chiếu không còn đúng: hãy chọn lại (Ctrl+K)" : `Tham chiếu tới ${node.attrs.label}`,
        },
        node.attrs.label,
      ],
      // Copied as text, it reads as written now.
      leafText: (node: PmNode) => node.attrs.label as string,
    },
  },
});
