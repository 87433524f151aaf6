/**
 * Test-only in-memory stand-in for the review commands (people, workflow, rounds,
 * comments, resolutions, approval, export), used by `mock-backend.ts`. The rules here
 * roughly copy `quyche-review`'s (`rules.rs`) so that the UI can be exercised; the real
 * rules live in Rust and the UI never decides on its own.
 */
import type {
  ActionView,
  AnchorState,
  ApiError,
  ApprovalForm,
  ApprovalView,
  CommentRedline,
  CommentView,
  Decision,
  ExportView,
  PersonView,
  RegulationStatus,
  RegulationView,
  Role,
  RoundView,
  UnitView,
  VerificationView,
  WorkflowView,
} from "./types";
import { articleEditText, fakeHash } from "./fixtures";
import { wordDiff } from "./mock-redline";

function fail(code: ApiError["code"], message: string): never {
  throw { code, message } satisfies ApiError;
}

export type Act =
  | "add_person"
  | "open_round"
  | "close_round"
  | "comment"
  | "resolve"
  | "submit"
  | "return"
  | "approve"
  | "edit"
  | "export"
  | "report";

const ACTS: Act[] = ["add_person", "open_round", "close_round", "comment", "resolve", "submit", "return", "approve", "edit", "export", "report"];
const ALL_STAGES: RegulationStatus[] = ["draft", "consultation", "revising", "submitted", "approved", "returned"];

const ACT_LABEL: Record<Act, string> = {
  add_person: "thêm người",
  open_round: "mở đợt lấy ý kiến",
  close_round: "đóng đợt lấy ý kiến",
  comment: "góp ý",
  resolve: "tiếp thu, giải trình ý kiến",
  submit: "trình thông qua",
  return: "trả lại dự thảo",
  approve: "ghi nhận thông qua",
  edit: "sửa văn bản",
  export: "xuất văn bản",
  report: "lập bảng tổng hợp",
};

/** As `quyche-review` refuses an edit of a copy received in a review package. */
export const COPY_REFUSAL = "Đây là bản sao nhận từ gói lấy ý kiến: chỉ được góp ý, không được sửa văn bản.";

const ROLE_LABEL: Record<Role, string> = { chairman: "Chủ tịch", member: "Ủy viên", secretary: "Chánh Văn phòng" };

const STAGE_LABEL: Record<RegulationStatus, string> = {
  draft: "Dự thảo",
  consultation: "Đang lấy ý kiến",
  revising: "Đang tiếp thu, chỉnh lý",
  submitted: "Đã trình thông qua",
  approved: "Đã thông qua",
  returned: "Bị trả lại",
};

const DECISION_LABEL: Record<Decision, string> = {
  accepted: "Tiếp thu",
  partly: "Tiếp thu một phần",
  explained: "Giải trình",
  rejected: "Không tiếp thu",
};

const ROLES: Record<Act, Role[]> = {
  comment: ["chairman", "member", "secretary"],
  open_round: ["chairman"],
  close_round: ["chairman"],
  resolve: ["chairman"],
  submit: ["chairman"],
  add_person: ["chairman", "secretary"],
  return: ["chairman", "secretary"],
  approve: ["chairman", "secretary"],
  export: ["chairman", "secretary"],
  report: ["chairman", "secretary"],
  edit: ["chairman", "secretary"],
};

const STAGES: Record<Act, RegulationStatus[]> = {
  add_person: ALL_STAGES,
  report: ALL_STAGES,
  export: ALL_STAGES,
  open_round: ["draft", "revising", "returned"],
  close_round: ["consultation"],
  comment: ["consultation"],
  resolve: ["consultation", "revising", "returned"],
  submit: ["draft", "revising", "returned"],
  return: ["submitted"],
  approve: ["submitted"],
  edit: ["draft", "revising", "returned", "approved"],
};

export function permit(person: PersonView, act: Act, stage: RegulationStatus): string | null {
  if (!ROLES[act].includes(person.role)) {
    return `${person.name} (${ROLE_LABEL[person.role]}) không có quyền ${ACT_LABEL[act]}; chỉ ${ROLES[act].map((r) => ROLE_LABEL[r]).join(", ")} được làm việc này.`;
  }
  if (!STAGES[act].includes(stage)) {
    return `Không thể ${ACT_LABEL[act]} khi văn bản đang ở trạng thái “${STAGE_LABEL[stage]}”.`;
  }
  return null;
}

// ---- unit texts (as Rust's `render_unit_text`) ---------------------------------------

function childLines(units: UnitView[], out: string[]): void {
  for (const u of units) {
    const [first = "", ...rest] = u.paragraphs;
    out.push(`${u.marker} ${first}`.trimEnd(), ...rest);
    childLines(u.children, out);
  }
}

/** The text a comment quotes from: an article's edit text; a clause's own text without its marker, then its children. */
export function mockUnitText(u: UnitView): string {
  if (u.kind === "article") return (u.edit_text ?? articleEditText(u)) + "\n";
  if (u.kind === "part" || u.kind === "chapter" || u.kind === "section") return u.title + "\n";
  const [first = "", ...rest] = u.paragraphs;
  const lines = [first, ...rest];
  childLines(u.children, lines);
  return lines.join("\n") + "\n";
}

interface Located {
  unit: UnitView;
  article: UnitView | null;
  provision: string;
}

function locate(units: UnitView[], id: number): Located | null {
  const go = (list: UnitView[], article: UnitView | null, path: string[]): Located | null => {
    for (const u of list) {
      let here = path;
      let art = article;
      if (u.kind === "article") {
        art = u;
        here = [u.marker];
      } else if (u.kind === "clause") here = [`khoản ${u.marker.replace(/\.$/, "")}`, ...path];
      else if (u.kind === "point") here = [`điểm ${u.marker.replace(/\)$/, "")}`, ...path];
      else if (u.kind === "sub_point") here = ["tiết", ...path];
      if (u.id === id) return { unit: u, article: art, provision: here.join(" ") };
      const found = go(u.children, art, here);
      if (found) return found;
    }
    return null;
  };
  return go(units, null, []);
}

function articles(units: UnitView[], out: UnitView[] = []): UnitView[] {
  for (const u of units) {
    if (u.kind === "article") out.push(u);
    else articles(u.children, out);
  }
  return out;
}

const chars = (s: string) => Array.from(s).length;

// ---- state ------------------------------------------------------------------------------

interface Round {
  id: string;
  number: number;
  revision: number;
  deadline: string | null;
  open: boolean;
  opened_at: string;
}

interface Comment {
  id: string;
  regulation: string;
  author: string;
  revision: number;
  round: string;
  unit_id: number;
  article_id: number;
  article: string;
  provision: string;
  quote: string;
  position: number;
  text: string;
  proposal: string | null;
  created_at: string;
  decision: Decision | null;
  reason: string | null;
}

interface Approval {
  revision: number;
  form: ApprovalForm;
  date: string;
  members: number;
  votes_for: number;
  against: number;
  abstain: number;
  decision_no: string;
  recorded_by: string;
  seal: string;
}

export interface ReviewHost {
  /** The regulation's revisions (index = number - 1). */
  views(regulationId: string): RegulationView[];
  now(): string;
}

export interface MockReviewOptions {
  /** No current user on start (the "who are you" dialog shows). */
  noUser?: boolean;
  /** No people at all on start. */
  noPeople?: boolean;
  /** The current user on start (a person id), default the Chief of Office (as the demo). */
  user?: string;
  /** Path the mocked save dialog returns (null = cancelled); default: a folder + the default name. */
  savePath?: string | null;
  /** Path the mocked open dialog returns for "Kiểm tra tệp…". */
  verifyPath?: string | null;
}

/** As the Rust demo (`crates/api/demo.rs`): the Chief of Office is the current user on start. */
export const PEOPLE: PersonView[] = [
  { id: "p-chu-tich", name: "Nguyễn Văn An", position: "Chủ tịch", role: "chairman", has_key: false },
  { id: "p-chanh-vp", name: "Trần Thị Bình", position: "Chánh Văn phòng", role: "secretary", has_key: false },
  { id: "p-pho-chu-tich", name: "Lê Văn Cường", position: "Phó Chủ tịch", role: "member", has_key: false },
  { id: "p-uy-vien", name: "Phạm Thị Dung", position: "Ủy viên Ban Thường vụ", role: "member", has_key: false },
  { id: "p-uy-vien-2", name: "Hoàng Minh Đức", position: "Ủy viên Ban Thường vụ", role: "member", has_key: false },
];

export function createMockReview(host: ReviewHost, options: MockReviewOptions = {}) {
  const people: PersonView[] = options.noPeople ? [] : structuredClone(PEOPLE);
  let current: string | null = options.noUser || options.noPeople ? null : (options.user ?? "p-chanh-vp");
  const stages = new Map<string, RegulationStatus>();
  const rounds = new Map<string, Round[]>();
  const comments: Comment[] = [];
  const approvals = new Map<string, Approval[]>();
  const exported = new Map<string, { regulation: string; revision: number; seal: string; decision_no: string | null }>();
  let seq = 0;
  /** Regulations opened from a review package (a member's read-only copy). */
  const copies = new Set<string>();

  const stage = (reg: string): RegulationStatus => stages.get(reg) ?? "draft";
  const head = (reg: string) => host.views(reg).length;
  const view = (reg: string, n: number) => host.views(reg)[n - 1];

  function user(): PersonView {
    const p = people.find((x) => x.id === current);
    if (!p) fail("refused", "Chưa chọn người dùng: hãy cho biết bạn là ai trước khi thao tác.");
    return p;
  }

  function require(reg: string, act: Act): PersonView {
    const p = user();
    const why = permit(p, act, stage(reg));
    if (why) fail("refused", why);
    return p;
  }

  function openRoundOf(reg: string): Round | undefined {
    return (rounds.get(reg) ?? []).find((r) => r.open);
  }

  function roundView(r: Round): RoundView {
    return { ...structuredClone(r), reviewers: structuredClone(people) };
  }

  function anchorState(c: Comment): AnchorState {
    const v = view(c.regulation, head(c.regulation));
    const found = locate(v.units, c.unit_id);
    if (!found) return "outdated";
    return mockUnitText(found.unit).includes(c.quote) ? "current" : "changed";
  }

  function commentView(c: Comment): CommentView {
    const author = people.find((p) => p.id === c.author);
    return {
      id: c.id,
      author: c.author,
      author_name: author?.name ?? c.author,
      author_position: author?.position ?? "",
      revision: c.revision,
      round: c.round,
      unit_id: c.unit_id,
      article_id: c.article_id,
      article: c.article,
      provision: c.provision,
      quote: c.quote,
      position: c.position,
      text: c.text,
      proposal: c.proposal,
      anchor: anchorState(c),
      decision: c.decision,
      decision_label: c.decision ? DECISION_LABEL[c.decision] : null,
      reason: c.reason,
      created_at: c.created_at,
    };
  }

  function approvalViews(reg: string): ApprovalView[] {
    return (approvals.get(reg) ?? []).map((a) => ({
      ...a,
      recorded_by: people.find((p) => p.id === a.recorded_by)?.name ?? a.recorded_by,
      seal_intact: true,
    }));
  }

  function workflow(reg: string): WorkflowView {
    host.views(reg); // not_found
    const p = people.find((x) => x.id === current) ?? null;
    const st = stage(reg);
    const actions: ActionView[] = ACTS.map((action) => {
      const reason =
        action === "edit" && copies.has(reg) ? COPY_REFUSAL : p ? permit(p, action, st) : "Chưa chọn người dùng.";
      return { action, allowed: reason === null, reason };
    });
    const list = rounds.get(reg) ?? [];
    const last = list[list.length - 1];
    return {
      stage: st,
      stage_label: STAGE_LABEL[st],
      user: p ? structuredClone(p) : null,
      actions,
      round: last ? roundView(last) : null,
      rounds: list.length,
      approvals: approvalViews(reg),
      unresolved: comments.filter((c) => c.regulation === reg && c.decision === null).length,
    };
  }

  function addComment(a: Record<string, unknown>): CommentView {
    const reg = String(a.regulationId);
    const p = require(reg, "comment");
    const round = openRoundOf(reg) ?? fail("refused", "Không có đợt lấy ý kiến nào đang mở.");
    const text = String(a.text ?? "").trim();
    if (!text) fail("bad_input", "Nội dung góp ý không được để trống.");
    const v = view(reg, round.revision);
    const found = locate(v.units, Number(a.unitId)) ?? fail("not_found", `không tìm thấy phần có mã ${String(a.unitId)}`);
    const unitText = mockUnitText(found.unit);
    const quote = String(a.quote ?? "").trim();
    const starts: number[] = [];
    for (let i = quote ? unitText.indexOf(quote) : -1; i >= 0; i = unitText.indexOf(quote, i + 1)) starts.push(chars(unitText.slice(0, i)));
    if (starts.length === 0) fail("bad_input", `Không tìm thấy đoạn trích “${quote}” trong ${found.provision}.`);
    const near = a.position == null ? null : Number(a.position);
    const position = near === null ? starts[0] : starts.reduce((best, s) => (Math.abs(s - near) < Math.abs(best - near) ? s : best));
    const proposal = typeof a.proposal === "string" && a.proposal.trim() ? a.proposal.trim() : null;
    const c: Comment = {
      id: `c${String(++seq).padStart(4, "0")}`,
      regulation: reg,
      author: p.id,
      revision: round.revision,
      round: round.id,
      unit_id: found.unit.id,
      article_id: found.article?.id ?? found.unit.id,
      article: found.article?.marker ?? "",
      provision: found.provision,
      quote,
      position,
      text,
      proposal,
      created_at: host.now(),
      decision: null,
      reason: null,
    };
    comments.push(c);
    return commentView(c);
  }

  function commentRedline(id: string): CommentRedline {
    const c = comments.find((x) => x.id === id) ?? fail("not_found", `không tìm thấy ý kiến ${id}`);
    const thenUnit = locate(view(c.regulation, c.revision).units, c.unit_id);
    const commented = thenUnit ? mockUnitText(thenUnit.unit) : "";
    const nowUnit = locate(view(c.regulation, head(c.regulation)).units, c.unit_id);
    const state = anchorState(c);
    if (!nowUnit) {
      return { comment_id: id, anchor: state, from_revision: c.revision, to_revision: head(c.regulation), commented: [{ op: "delete", text: commented }], proposal: null, proposal_adopted: false };
    }
    const cur = mockUnitText(nowUnit.unit);
    let proposal = null;
    let adopted = false;
    if (c.proposal) {
      const at = commented.indexOf(c.quote);
      const proposed = at >= 0 ? commented.slice(0, at) + c.proposal + commented.slice(at + c.quote.length) : c.proposal;
      proposal = wordDiff(proposed, cur);
      adopted = cur.includes(c.proposal);
    }
    return { comment_id: id, anchor: state, from_revision: c.revision, to_revision: head(c.regulation), commented: wordDiff(commented, cur), proposal, proposal_adopted: adopted };
  }

  function changesWithoutComment(reg: string): string[] {
    const list = rounds.get(reg) ?? [];
    const last = list[list.length - 1];
    if (!last) return [];
    const old = articles(view(reg, last.revision).units);
    const now = articles(view(reg, head(reg)).units);
    const commented = new Set(comments.filter((c) => c.regulation === reg).map((c) => c.article_id));
    const out: string[] = [];
    for (const n of now) {
      const o = old.find((x) => x.id === n.id);
      if (o && o.edit_text === n.edit_text) continue;
      if (commented.has(n.id)) continue;
      out.push(o && o.marker !== n.marker ? `${o.marker} → ${n.marker}` : n.marker);
    }
    for (const o of old) if (!now.some((n) => n.id === o.id) && !commented.has(o.id)) out.push(`${o.marker} (bãi bỏ)`);
    return out;
  }

  function approve(a: Record<string, unknown>): ApprovalView {
    const reg = String(a.regulationId);
    const p = require(reg, "approve");
    const date = String(a.date ?? "");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fail("bad_input", `Ngày thông qua không hợp lệ: ${date} (cần YYYY-MM-DD).`);
    const decisionNo = String(a.decisionNo ?? "").trim();
    if (!decisionNo) fail("bad_input", "Cần số quyết định ban hành.");
    const [members, votesFor, against, abstain] = [a.members, a.votesFor, a.against, a.abstain].map(Number);
    if (members <= 0) fail("refused", "Tổng số ủy viên phải lớn hơn 0.");
    const cast = votesFor + against + abstain;
    if (cast > members) fail("refused", `Số phiếu (${cast}) nhiều hơn tổng số ủy viên (${members}).`);
    if (votesFor * 2 <= members) {
      fail("refused", `Chưa được thông qua: ${votesFor} trên ${members} ủy viên tán thành, chưa quá một nửa tổng số ủy viên (cần ít nhất ${Math.floor(members / 2) + 1}).`);
    }
    const revision = head(reg);
    const approval: Approval = {
      revision,
      form: a.form === "written" ? "written" : "meeting",
      date,
      members,
      votes_for: votesFor,
      against,
      abstain,
      decision_no: decisionNo,
      recorded_by: p.id,
      seal: fakeHash(`seal:${reg}:${revision}`),
    };
    approvals.set(reg, [...(approvals.get(reg) ?? []), approval]);
    stages.set(reg, "approved");
    return approvalViews(reg).find((x) => x.revision === revision)!;
  }

  function exportRegulation(a: Record<string, unknown>): ExportView {
    const reg = String(a.regulationId);
    require(reg, "export");
    const format = String(a.format);
    if (!["docx", "html", "md", "txt"].includes(format)) fail("bad_input", `định dạng không hợp lệ: ${format}`);
    const path = String(a.path ?? "");
    const revision = head(reg);
    const approval = (approvals.get(reg) ?? []).find((x) => x.revision === revision);
    const seal = approval?.seal ?? fakeHash(`seal:${reg}:${revision}`);
    exported.set(path, { regulation: reg, revision, seal, decision_no: approval?.decision_no ?? null });
    return { path, format, bytes: 18_432, revision, seal };
  }

  function verify(path: string): VerificationView {
    const name = path.split(/[\\/]/).pop() ?? path;
    const e = exported.get(path);
    if (e) return { file: name, matches: true, seal: e.seal, regulation_id: e.regulation, revision: e.revision, decision_no: e.decision_no, differences: [] };
    return {
      file: name,
      matches: false,
      seal: fakeHash("seal:khac"),
      regulation_id: "qc-btv-2025",
      revision: 2,
      decision_no: null,
      differences: ["Điều 4 khoản 2: “03 ngày làm việc” trong tệp là “05 ngày làm việc”.", "Tệp thiếu Điều 2."],
    };
  }

  /** Handles a review command; `undefined` when `cmd` is not one. */
  function handle(cmd: string, a: Record<string, unknown>): { value: unknown } | undefined {
    const reg = String(a.regulationId ?? "");
    switch (cmd) {
      case "people":
        return { value: structuredClone(people) };
      case "add_person": {
        if (people.length > 0) {
          const p = user();
          if (!ROLES.add_person.includes(p.role)) fail("refused", permit(p, "add_person", "draft")!);
        }
        const name = String(a.name ?? "").trim();
        if (!name) fail("bad_input", "Cần nhập họ tên.");
        const role = a.role as Role;
        if (!(role in ROLE_LABEL)) fail("bad_input", `vai trò không hợp lệ: ${String(role)}`);
        const p: PersonView = { id: `p${people.length + 1}-${Date.now() % 10000}`, name, role, position: String(a.position ?? "").trim() || ROLE_LABEL[role], has_key: false };
        people.push(p);
        return { value: structuredClone(p) };
      }
      case "current_user":
        return { value: structuredClone(people.find((p) => p.id === current) ?? null) };
      case "set_current_user": {
        const p = people.find((x) => x.id === a.personId) ?? fail("refused", `Không có người nào mang mã ${String(a.personId)}.`);
        current = p.id;
        return { value: structuredClone(p) };
      }
      case "workflow":
        return { value: workflow(reg) };
      case "open_round": {
        require(reg, "open_round");
        const deadline = a.deadline == null ? null : String(a.deadline);
        if (deadline !== null && !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) fail("bad_input", `Hạn góp ý không hợp lệ: ${deadline} (cần YYYY-MM-DD).`);
        const list = rounds.get(reg) ?? [];
        const r: Round = { id: `${reg}-${list.length + 1}`, number: list.length + 1, revision: head(reg), deadline, open: true, opened_at: host.now() };
        rounds.set(reg, [...list, r]);
        stages.set(reg, "consultation");
        return { value: roundView(r) };
      }
      case "close_round": {
        require(reg, "close_round");
        const r = openRoundOf(reg) ?? fail("refused", "Không có đợt lấy ý kiến nào đang mở.");
        r.open = false;
        stages.set(reg, "revising");
        return { value: roundView(r) };
      }
      case "comments":
        host.views(reg);
        return { value: comments.filter((c) => c.regulation === reg).map(commentView) };
      case "add_comment":
        return { value: addComment(a) };
      case "resolve_comment": {
        const c = comments.find((x) => x.id === a.commentId) ?? fail("not_found", `không tìm thấy ý kiến ${String(a.commentId)}`);
        require(c.regulation, "resolve");
        const decision = a.decision as Decision;
        if (!(decision in DECISION_LABEL)) fail("bad_input", `quyết định không hợp lệ: ${String(decision)}`);
        const reason = String(a.reason ?? "").trim();
        if (!reason && decision !== "accepted") fail("bad_input", `Cần nêu lý do khi “${DECISION_LABEL[decision]}”.`);
        c.decision = decision;
        c.reason = reason;
        return { value: commentView(c) };
      }
      case "comment_redline":
        return { value: commentRedline(String(a.commentId)) };
      case "changes_without_comment":
        return { value: changesWithoutComment(reg) };
      case "submit": {
        require(reg, "submit");
        const open = comments.filter((c) => c.regulation === reg && c.decision === null);
        if (open.length > 0) {
          fail("refused", `Còn ${open.length} ý kiến chưa tiếp thu hoặc giải trình: ${open.map((c) => `${c.id} (${c.provision})`).join(", ")}.`);
        }
        stages.set(reg, "submitted");
        return { value: workflow(reg) };
      }
      case "return_draft": {
        require(reg, "return");
        stages.set(reg, "returned");
        return { value: workflow(reg) };
      }
      case "approve":
        return { value: approve(a) };
      case "export_regulation":
        return { value: exportRegulation(a) };
      case "export_report": {
        require(reg, "report");
        return { value: String(a.path ?? "") };
      }
      case "verify_export":
        return { value: verify(String(a.path ?? "")) };
      case "plugin:dialog|save": {
        const opts = (a.options ?? {}) as { defaultPath?: string };
        if (options.savePath !== undefined) return { value: options.savePath };
        return { value: `/home/vanphong/Tài liệu/${opts.defaultPath ?? "quy-che"}` };
      }
      default:
        return undefined;
    }
  }

  /** Before a save: may the current user edit now? After: an approved text becomes a new draft. */
  function beforeEdit(reg: string): void {
    if (copies.has(reg)) fail("refused", COPY_REFUSAL);
    if (current === null) return;
    require(reg, "edit");
  }
  function afterEdit(reg: string): void {
    if (stage(reg) === "approved") stages.set(reg, "draft");
  }

  /** The open dialog for "Kiểm tra tệp…" (asked with docx/html filters). */
  function verifyDialogPath(): string | null {
    if (options.verifyPath !== undefined) return options.verifyPath;
    return [...exported.keys()].pop() ?? "/home/vanphong/Tài liệu/quy-che-nhan-lai.docx";
  }

  /** A package opened here: the round it carries is open on the copy. */
  function receiveRound(reg: string, deadline: string | null): void {
    if (openRoundOf(reg)) return;
    const list = rounds.get(reg) ?? [];
    rounds.set(reg, [...list, { id: `${reg}-${list.length + 1}`, number: list.length + 1, revision: head(reg), deadline, open: true, opened_at: host.now() }]);
    stages.set(reg, "consultation");
  }

  /** A comment that arrived in a bundle, by its author (not the current user). */
  function addCommentAs(author: string, a: Record<string, unknown>): CommentView {
    const before = current;
    current = author;
    try {
      return addComment(a);
    } finally {
      current = before;
    }
  }

  const currentPerson = (): PersonView | null => people.find((p) => p.id === current) ?? null;
  const roundsOf = (reg: string): Round[] => rounds.get(reg) ?? [];
  /** Regulations with a round open now. */
  const withOpenRound = (): string[] => [...rounds.keys()].filter((reg) => openRoundOf(reg) !== undefined);

  return {
    handle, stage, beforeEdit, afterEdit, verifyDialogPath, people, comments,
    copies, require, openRoundOf, receiveRound, addCommentAs, currentPerson, roundsOf, withOpenRound,
  };
}

export type MockReview = ReturnType<typeof createMockReview>;
