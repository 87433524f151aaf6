/**
 * The article DTO (`EditableArticle`, from Rust) ⇄ the editor's document, and back to
 * what the save sends (`EditedArticle`). Ids ride on clause and point nodes, so a unit
 * keeps its id through edits; a new one has none and Rust gives it one.
 */
import type { Node as PmNode } from "prosemirror-model";
import type { EditableArticle, EditedArticle, Run } from "../ipc/types";
import { schema } from "./schema";

export function runsToNodes(runs: Run[]): PmNode[] {
  const out: PmNode[] = [];
  for (const r of runs) {
    if (r.kind === "text") {
      if (r.text !== "") out.push(schema.text(r.text));
    } else {
      out.push(
        schema.nodes.reference.create({ written: r.written, targets: r.targets, label: r.label, broken: r.broken }),
      );
    }
  }
  return out;
}

function paragraph(runs: Run[]): PmNode {
  return schema.nodes.paragraph.create(null, runsToNodes(runs));
}

function paragraphs(list: Run[][]): PmNode[] {
  return list.length > 0 ? list.map(paragraph) : [schema.nodes.paragraph.create()];
}

export function toDoc(a: EditableArticle): PmNode {
  const title = schema.nodes.title.create(null, a.title ? [schema.text(a.title)] : []);
  const lead = a.paragraphs.map(paragraph);
  const clauses = a.clauses.map((c) =>
    schema.nodes.clause.create(
      { id: c.id },
      [...paragraphs(c.paragraphs), ...c.points.map((p) => schema.nodes.point.create({ id: p.id }, paragraphs(p.paragraphs)))],
    ),
  );
  // An article with a title only (just inserted) opens with an empty first clause to write
  // in; left empty, it is not saved.
  if (lead.length === 0 && clauses.length === 0 && a.title !== "") {
    clauses.push(schema.nodes.clause.create(null, schema.nodes.paragraph.create()));
  }
  return schema.nodes.doc.create(null, [title, ...lead, ...clauses]);
}

export function paragraphRuns(p: PmNode): Run[] {
  const out: Run[] = [];
  p.forEach((n) => {
    if (n.isText) {
      const last = out[out.length - 1];
      if (last && last.kind === "text") last.text += n.text ?? "";
      else out.push({ kind: "text", text: n.text ?? "" });
    } else if (n.type === schema.nodes.reference) {
      out.push({
        kind: "reference",
        written: n.attrs.written as string,
        targets: n.attrs.targets as number[],
        label: n.attrs.label as string,
        broken: n.attrs.broken as boolean,
      });
    }
  });
  return out;
}

function childParagraphs(n: PmNode): Run[][] {
  const out: Run[][] = [];
  n.forEach((c) => {
    if (c.type === schema.nodes.paragraph) out.push(paragraphRuns(c));
  });
  return out;
}

export function fromDoc(doc: PmNode, id: number): EditedArticle {
  const out: EditedArticle = { id, title: "", paragraphs: [], clauses: [] };
  doc.forEach((n) => {
    if (n.type === schema.nodes.title) out.title = n.textContent;
    else if (n.type === schema.nodes.paragraph) out.paragraphs.push(paragraphRuns(n));
    else if (n.type === schema.nodes.clause) {
      const points: EditedArticle["clauses"][number]["points"] = [];
      n.forEach((p) => {
        if (p.type === schema.nodes.point) points.push({ id: (p.attrs.id as number | null) ?? null, paragraphs: childParagraphs(p) });
      });
      out.clauses.push({ id: (n.attrs.id as number | null) ?? null, paragraphs: childParagraphs(n), points });
    }
  });
  return out;
}
