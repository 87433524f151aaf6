/**
 * Thin wrappers over the generated bindings (`bindings.ts`, do not edit that file).
 * Every call resolves with the data or throws an {@link ApiFailure}.
 */
import { open, save } from "@tauri-apps/plugin-dialog";
import { commands } from "./bindings";
import type {
  ApiError,
  ApprovalForm,
  ApprovalView,
  BundleImportView,
  CommentRedline,
  CommentView,
  Decision,
  ErrorCode,
  ExportView,
  IdentityView,
  ImportResult,
  PersonView,
  RedlineView,
  RegulationSummary,
  RegulationView,
  Result,
  RevisionInfo,
  Role,
  RoundDashboard,
  RoundView,
  VerificationView,
  WorkflowView,
} from "./types";

export class ApiFailure extends Error {
  readonly code: ErrorCode;
  constructor(error: ApiError) {
    super(error.message);
    this.name = "ApiFailure";
    this.code = error.code;
  }
}

// Rust's `ErrorCode` is the source. The bindings carry it as a type only, so the codes a
// rejection may carry are listed as the keys of a record over that type: TypeScript fails
// the check when a code is missing here or no longer exists, so the list cannot drift.
const KNOWN_CODES = {
  bad_input: true,
  not_found: true,
  conflict: true,
  refused: true,
  database_in_use: true,
  corrupt: true,
  io: true,
  internal: true,
} as const satisfies Record<ErrorCode, true>;

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(KNOWN_CODES, code);
}

/** Turns anything an IPC call can reject with into an {@link ApiFailure}. */
export function toFailure(e: unknown): ApiFailure {
  if (e instanceof ApiFailure) return e;
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const code = (e as { code: unknown }).code;
    const message = String((e as { message: unknown }).message);
    if (typeof code === "string" && isErrorCode(code)) return new ApiFailure({ code, message });
    return new ApiFailure({ code: "internal", message });
  }
  if (e instanceof Error) return new ApiFailure({ code: "internal", message: e.message });
  return new ApiFailure({ code: "internal", message: String(e) });
}

async function unwrap<T>(call: () => Promise<Result<T, ApiError>>): Promise<T> {
  let result: Result<T, ApiError>;
  try {
    result = await call();
  } catch (e) {
    throw toFailure(e);
  }
  if (result.status === "ok") return result.data;
  throw toFailure(result.error);
}

export const api = {
  listRegulations: (): Promise<RegulationSummary[]> => unwrap(() => commands.listRegulations()),
  openRegulation: (regulationId: string, revision: number | null = null): Promise<RegulationView> =>
    unwrap(() => commands.openRegulation(regulationId, revision)),
  history: (regulationId: string): Promise<RevisionInfo[]> =>
    unwrap(() => commands.history(regulationId)),
  saveArticle: (
    regulationId: string,
    baseRevision: number,
    articleId: number,
    text: string,
  ): Promise<RevisionInfo> =>
    unwrap(() => commands.saveArticle(regulationId, baseRevision, articleId, text)),
  importFile: (path: string): Promise<ImportResult> => unwrap(() => commands.importFile(path)),
  redline: (regulationId: string, fromRevision: number, toRevision: number): Promise<RedlineView> =>
    unwrap(() => commands.redline(regulationId, fromRevision, toRevision)),
  redlineWithFile: (regulationId: string, revision: number, path: string): Promise<RedlineView> =>
    unwrap(() => commands.redlineWithFile(regulationId, revision, path)),

  // ---- people, workflow, comments, approval, export ----
  people: (): Promise<PersonView[]> => unwrap(() => commands.people()),
  addPerson: (name: string, role: Role, position: string): Promise<PersonView> =>
    unwrap(() => commands.addPerson(name, role, position)),
  currentUser: (): Promise<PersonView | null> => unwrap(() => commands.currentUser()),
  setCurrentUser: (personId: string): Promise<PersonView> => unwrap(() => commands.setCurrentUser(personId)),
  workflow: (regulationId: string): Promise<WorkflowView> => unwrap(() => commands.workflow(regulationId)),
  openRound: (regulationId: string, deadline: string | null): Promise<RoundView> =>
    unwrap(() => commands.openRound(regulationId, deadline)),
  closeRound: (regulationId: string): Promise<RoundView> => unwrap(() => commands.closeRound(regulationId)),
  comments: (regulationId: string): Promise<CommentView[]> => unwrap(() => commands.comments(regulationId)),
  addComment: (
    regulationId: string,
    unitId: number,
    quote: string,
    position: number | null,
    text: string,
    proposal: string | null,
  ): Promise<CommentView> =>
    unwrap(() => commands.addComment(regulationId, unitId, quote, position, text, proposal)),
  resolveComment: (commentId: string, decision: Decision, reason: string): Promise<CommentView> =>
    unwrap(() => commands.resolveComment(commentId, decision, reason)),
  commentRedline: (commentId: string): Promise<CommentRedline> => unwrap(() => commands.commentRedline(commentId)),
  changesWithoutComment: (regulationId: string): Promise<string[]> =>
    unwrap(() => commands.changesWithoutComment(regulationId)),
  submit: (regulationId: string): Promise<WorkflowView> => unwrap(() => commands.submit(regulationId)),
  returnDraft: (regulationId: string, reason: string): Promise<WorkflowView> =>
    unwrap(() => commands.returnDraft(regulationId, reason)),
  approve: (
    regulationId: string,
    form: ApprovalForm,
    date: string,
    members: number,
    votesFor: number,
    against: number,
    abstain: number,
    decisionNo: string,
  ): Promise<ApprovalView> =>
    unwrap(() => commands.approve(regulationId, form, date, members, votesFor, against, abstain, decisionNo)),
  exportRegulation: (regulationId: string, format: string, path: string): Promise<ExportView> =>
    unwrap(() => commands.exportRegulation(regulationId, format, path)),
  exportReport: (regulationId: string, format: string, path: string): Promise<string> =>
    unwrap(() => commands.exportReport(regulationId, format, path)),
  verifyExport: (path: string): Promise<VerificationView> => unwrap(() => commands.verifyExport(path)),

  // ---- offline exchange: identity, cards, packages, bundles ----
  identity: (): Promise<IdentityView | null> => unwrap(() => commands.identity()),
  createIdentity: (name: string, position: string): Promise<IdentityView> =>
    unwrap(() => commands.createIdentity(name, position)),
  exportIdentityCard: (path: string): Promise<IdentityView> => unwrap(() => commands.exportIdentityCard(path)),
  addPersonFromCard: (path: string, role: Role, confirmKeyChange: boolean): Promise<PersonView> =>
    unwrap(() => commands.addPersonFromCard(path, role, confirmKeyChange)),
  exportPackage: (regulationId: string, path: string): Promise<string> =>
    unwrap(() => commands.exportPackage(regulationId, path)),
  openPackage: (path: string): Promise<string> => unwrap(() => commands.openPackage(path)),
  exportBundle: (regulationId: string, path: string): Promise<number> =>
    unwrap(() => commands.exportBundle(regulationId, path)),
  importBundles: (paths: string[]): Promise<BundleImportView[]> => unwrap(() => commands.importBundles(paths)),
  roundDashboard: (regulationId: string): Promise<RoundDashboard> => unwrap(() => commands.roundDashboard(regulationId)),
};

/** Asks where to save with the native dialog. Returns null when the user cancels. */
export async function pickSavePath(
  defaultPath: string,
  filters: { name: string; extensions: string[] }[],
  title?: string,
): Promise<string | null> {
  try {
    const picked = await save({ defaultPath, filters, ...(title ? { title } : {}) });
    return typeof picked === "string" ? picked : null;
  } catch (e) {
    throw toFailure(e);
  }
}

/** Asks for one file of the given kind (an identity card, a review package). Null when cancelled. */
export async function pickOpenFile(filter: { name: string; extensions: string[] }, title?: string): Promise<string | null> {
  try {
    const picked = await open({ multiple: false, directory: false, filters: [filter], ...(title ? { title } : {}) });
    return typeof picked === "string" ? picked : null;
  } catch (e) {
    throw toFailure(e);
  }
}

/** Asks for one or more comment bundles (.zip, .quyche). Empty when cancelled. */
export async function pickBundleFiles(): Promise<string[]> {
  try {
    const picked = await open({
      multiple: true,
      directory: false,
      title: "Chọn các bó góp ý nhận được",
      filters: [{ name: "Bó góp ý", extensions: ["zip", "quyche"] }],
    });
    if (picked === null) return [];
    return (Array.isArray(picked) ? picked : [picked]).map(String);
  } catch (e) {
    throw toFailure(e);
  }
}

/** Asks for an exported file (.docx, .html, .md, .txt) to check against its seal. */
export async function pickVerifyFile(): Promise<string | null> {
  try {
    const picked = await open({
      multiple: false,
      directory: false,
      title: "Chọn tệp đã xuất để kiểm tra",
      filters: [{ name: "Văn bản đã xuất", extensions: ["docx", "html", "md", "txt"] }],
    });
    return typeof picked === "string" ? picked : null;
  } catch (e) {
    throw toFailure(e);
  }
}

/** Asks for a .txt file with the native dialog. Returns null when the user cancels. */
export async function pickImportFile(title?: string): Promise<string | null> {
  try {
    const picked = await open({
      multiple: false,
      directory: false,
      filters: [{ name: "Văn bản", extensions: ["txt"] }],
      ...(title ? { title } : {}),
    });
    return typeof picked === "string" ? picked : null;
  } catch (e) {
    throw toFailure(e);
  }
}

/** Asks for the .txt file to compare a revision with (the file is the new side). */
export function pickRedlineFile(): Promise<string | null> {
  return pickImportFile("Chọn tệp văn bản để so sánh");
}
