/**
 * Thin wrappers over the generated bindings (`bindings.ts`, do not edit that file).
 * Every call resolves with the data or throws an {@link ApiFailure}.
 *
 * The window never names a file: the commands that read or write one open the native
 * dialog themselves, in Rust. One rule for a closed dialog: the call resolves with
 * `null`, and the caller does nothing. A file used again (a compared text, an identity
 * card) is picked once and passed on as a {@link PickedFile} handle.
 */
import { commands } from "./bindings";
import type {
  ApiError,
  AuditLogEntry,
  ApprovalForm,
  ApprovalView,
  ArticleSaved,
  EditableArticle,
  EditedArticle,
  ReferenceTarget,
  Run,
  BundleImportView,
  CommentRedline,
  CommentView,
  Decision,
  ErrorCode,
  ExportView,
  FirstStartView,
  HeaderFields,
  IdentityView,
  ImportResult,
  PackagePreview,
  PersonView,
  PickedFile,
  RedlineView,
  SearchView,
  RegulationSummary,
  RegulationTemplate,
  RegulationView,
  Restore,
  Result,
  RevisionInfo,
  StructureEdit,
  StructureView,
  TemplateOption,
  VoteInput,
  Role,
  WorkProgress,
  RoundDashboard,
  RoundView,
  VerificationView,
  WorkflowView,
  SourceSummary,
  SourceView,
  SourceImportView,
  TakeView,
  TakenArticleView,
  CompareSourceView,
  PastedText,
  WordReviewImport,
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
  stopped: true,
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
  /** The regulation's Nhật ký, newest first, in the back end's words. */
  auditLog: (regulationId: string): Promise<AuditLogEntry[]> => unwrap(() => commands.auditLog(regulationId)),
  /** Asks for a .txt file and stores it as the next revision; null when cancelled. */
  /** Long work `work` (`shared/long-work.svelte.ts`): watched, and stopped before storing. */
  importRevision: (regulationId: string, work: number): Promise<ImportResult | null> =>
    unwrap(() => commands.importRevision(regulationId, work)),
  saveArticle: (
    regulationId: string,
    baseRevision: number,
    articleId: number,
    text: string,
  ): Promise<RevisionInfo> =>
    unwrap(() => commands.saveArticle(regulationId, baseRevision, articleId, text)),
  /** One structure edit (move, insert, delete, promote, demote…) on the revision shown. */
  editStructure: (regulationId: string, baseRevision: number, edit: StructureEdit): Promise<StructureView> =>
    unwrap(() => commands.editStructure(regulationId, baseRevision, edit)),
  /** Undo / redo of the session's structure edits: `toRevision`'s document saved again. */
  restoreRevision: (
    regulationId: string,
    baseRevision: number,
    toRevision: number,
    direction: Restore,
  ): Promise<RevisionInfo> => unwrap(() => commands.restoreRevision(regulationId, baseRevision, toRevision, direction)),
  /** One article as clauses, points and paragraphs of runs, for the structured editor. */
  articleForEditing: (regulationId: string, articleId: number): Promise<EditableArticle> =>
    unwrap(() => commands.articleForEditing(regulationId, articleId)),
  /** Saves the structured editor's article; references are written from their targets. */
  saveArticleRuns: (regulationId: string, baseRevision: number, article: EditedArticle): Promise<ArticleSaved> =>
    unwrap(() => commands.saveArticleRuns(regulationId, baseRevision, article)),
  /** Every unit a reference can name (the picker's list). */
  referenceTargets: (regulationId: string): Promise<ReferenceTarget[]> =>
    unwrap(() => commands.referenceTargets(regulationId)),
  /** A pasted text as runs, its references found. */
  linksIn: (regulationId: string, text: string): Promise<Run[]> => unwrap(() => commands.linksIn(regulationId, text)),
  /** Asks for a .txt file and imports it as a new regulation; null when cancelled. */
  /** Long work `work` (`shared/long-work.svelte.ts`): watched, and stopped before storing. */
  importFile: (work: number): Promise<ImportResult | null> => unwrap(() => commands.importFile(work)),
  /** The templates a new regulation starts from, named and described by the back end. */
  regulationTemplates: (): Promise<TemplateOption[]> => unwrap(() => commands.regulationTemplates()),
  /** A new regulation from a template (title: the template's when null); its id. */
  newRegulation: (template: RegulationTemplate, title: string | null): Promise<string> =>
    unwrap(() => commands.newRegulation(template, title)),
  /** The header (thể thức) of the latest revision, as the form edits it. */
  regulationHeader: (regulationId: string): Promise<HeaderFields> =>
    unwrap(() => commands.regulationHeader(regulationId)),
  /** The header form saved as one revision on `baseRevision`. */
  saveHeader: (regulationId: string, baseRevision: number, fields: HeaderFields): Promise<RevisionInfo> =>
    unwrap(() => commands.saveHeader(regulationId, baseRevision, fields)),
  redline: (regulationId: string, fromRevision: number, toRevision: number): Promise<RedlineView> =>
    unwrap(() => commands.redline(regulationId, fromRevision, toRevision)),
  /** Searches the library, or one regulation (its latest revision, or `revision`), and the comments on it: hits by regulation, then position; no marks typed ignores marks, marks typed are exact but for where the tone sits. */
  search: (query: string, regulationId: string | null = null, revision: number | null = null): Promise<SearchView> =>
    unwrap(() => commands.search(query, regulationId, revision)),
  /** Asks for the .txt file to compare a revision with; null when cancelled. */
  pickComparedText: (): Promise<PickedFile | null> => unwrap(() => commands.pickComparedText()),
  redlineWithFile: (regulationId: string, revision: number, file: number): Promise<RedlineView> =>
    unwrap(() => commands.redlineWithFile(regulationId, revision, file)),
  /** Asks where to save, then writes the redline of two revisions as Word with tracked changes (`docx`) or as a PDF (`pdf`); its path, or null when cancelled. */
  exportRedline: (regulationId: string, fromRevision: number, toRevision: number, format: "docx" | "pdf", work: number): Promise<string | null> =>
    unwrap(() => commands.exportRedline(regulationId, fromRevision, toRevision, format, work)),
  /** Asks where to save, then writes the redline of `revision` against the held compared file (`redlineWithFile`) as `docx` or `pdf`; its path, or null when cancelled. */
  exportRedlineWithFile: (regulationId: string, revision: number, file: number, format: "docx" | "pdf", work: number): Promise<string | null> =>
    unwrap(() => commands.exportRedlineWithFile(regulationId, revision, file, format, work)),

  // ---- people, workflow, comments, approval, export ----
  people: (): Promise<PersonView[]> => unwrap(() => commands.people()),
  addPerson: (name: string, role: Role, position: string): Promise<PersonView> =>
    unwrap(() => commands.addPerson(name, role, position)),
  currentUser: (): Promise<PersonView | null> => unwrap(() => commands.currentUser()),
  setCurrentUser: (personId: string): Promise<PersonView> => unwrap(() => commands.setCurrentUser(personId)),
  /** The first start's state: whether to ask who you are, the roles, the owner, the lead. */
  firstStart: (): Promise<FirstStartView> => unwrap(() => commands.firstStart()),
  /** The first-start dialog's answer: this machine's identity, person and user, as one. */
  startHere: (name: string, position: string, role: Role): Promise<PersonView> =>
    unwrap(() => commands.startHere(name, position, role)),
  removeSample: (regulationId: string): Promise<null> => unwrap(() => commands.removeSample(regulationId)),
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
  editComment: (commentId: string, text: string, proposal: string | null): Promise<CommentView> =>
    unwrap(() => commands.editComment(commentId, text, proposal)),
  deleteComment: (commentId: string): Promise<string> => unwrap(() => commands.deleteComment(commentId)),
  adoptProposal: (commentId: string): Promise<CommentView> => unwrap(() => commands.adoptProposal(commentId)),
  recordNoComments: (regulationId: string, personId: string): Promise<RoundDashboard> =>
    unwrap(() => commands.recordNoComments(regulationId, personId)),
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
  /** The vote as the approval dialog records it: approved (sealed) or failed (returned). */
  recordVote: (regulationId: string, vote: VoteInput): Promise<WorkflowView> =>
    unwrap(() => commands.recordVote(regulationId, vote)),
  /** Asks where to save, then writes the approved text; null when cancelled. */
  /** The exports are long work `work`: watched, and stopped before the file is written. */
  exportRegulation: (regulationId: string, format: string, work: number): Promise<ExportView | null> =>
    unwrap(() => commands.exportRegulation(regulationId, format, work)),
  /** Asks where to save, then writes the promulgation set (the decision and the regulation); null when cancelled. */
  exportPromulgation: (regulationId: string, format: string, work: number): Promise<ExportView | null> =>
    unwrap(() => commands.exportPromulgation(regulationId, format, work)),
  /** Asks where to save, then writes the response report; its path, or null when cancelled. */
  exportReport: (regulationId: string, format: string, work: number): Promise<string | null> =>
    unwrap(() => commands.exportReport(regulationId, format, work)),
  /** Asks for an exported file and checks it against its seal; null when cancelled. */
  verifyExport: (): Promise<VerificationView | null> => unwrap(() => commands.verifyExport()),

  // ---- offline exchange: identity, cards, packages, bundles ----
  identity: (): Promise<IdentityView | null> => unwrap(() => commands.identity()),
  createIdentity: (name: string, position: string): Promise<IdentityView> =>
    unwrap(() => commands.createIdentity(name, position)),
  /** Asks where to save, then writes this installation's card; null when cancelled. */
  exportIdentityCard: (): Promise<IdentityView | null> => unwrap(() => commands.exportIdentityCard()),
  /** Asks for an identity card to add; null when cancelled. */
  pickIdentityCard: (): Promise<PickedFile | null> => unwrap(() => commands.pickIdentityCard()),
  addPersonFromCard: (card: number, role: Role, confirmKeyChange: boolean): Promise<PersonView> =>
    unwrap(() => commands.addPersonFromCard(card, role, confirmKeyChange)),
  /** Asks where to save, then writes the review package; its path, or null when cancelled. */
  exportPackage: (regulationId: string): Promise<string | null> => unwrap(() => commands.exportPackage(regulationId)),
  /** Asks where to save, then writes my comments as a bundle; how many, or null when cancelled. */
  exportBundle: (regulationId: string): Promise<number | null> => unwrap(() => commands.exportBundle(regulationId)),
  /** Asks for the bundles received and imports each; null when cancelled. */
  importBundles: (work: number): Promise<BundleImportView[] | null> => unwrap(() => commands.importBundles(work)),
  /** Asks where to save, then writes my review copy of the open round (Word); its name, or null. */
  exportReviewCopy: (regulationId: string): Promise<string | null> =>
    unwrap(() => commands.exportReviewCopy(regulationId)),
  /** Asks for a review returned in Word and imports its comments and changes; null when cancelled. */
  importWordReview: (regulationId: string): Promise<WordReviewImport | null> =>
    unwrap(() => commands.importWordReview(regulationId)),
  /** A pasted text read as clauses and points (a Word list's “1.<tab>”), as the text form reads it. */
  pastedText: (text: string): Promise<PastedText> => unwrap(() => commands.pastedText(text)),
  /** How far the window's long work has come; null when it is not running. */
  workProgress: (work: number): Promise<WorkProgress | null> => unwrap(() => commands.workProgress(work)),
  /** Asks the long work to stop before its next file; false when it is not running. */
  cancelWork: (work: number): Promise<boolean> => unwrap(() => commands.cancelWork(work)),
  /** Writes the last bundle sent again, to a file the user picks; null when cancelled. */
  exportBundleAgain: (regulationId: string): Promise<number | null> =>
    unwrap(() => commands.exportBundleAgain(regulationId)),
  /** Takes in a bundle held after a late refusal ("nộp muộn"); Rust decides who may. */
  importHeldBundle: (handle: number): Promise<number> => unwrap(() => commands.importHeldBundle(handle)),
  /** Asks for a review package and previews it (held under a handle); null when cancelled. */
  previewPackage: (): Promise<PackagePreview | null> => unwrap(() => commands.previewPackage()),
  openPreviewedPackage: (handle: number, trust: string | null): Promise<string> =>
    unwrap(() => commands.openPreviewedPackage(handle, trust)),
  roundDashboard: (regulationId: string): Promise<RoundDashboard> => unwrap(() => commands.roundDashboard(regulationId)),

  // ---- drafting from a source text (tài liệu nguồn) ----
  /** The source texts, newest first. */
  sources: (): Promise<SourceSummary[]> => unwrap(() => commands.sources()),
  /** One source text with its articles. */
  source: (sourceId: string): Promise<SourceView> => unwrap(() => commands.source(sourceId)),
  /** Asks for a .txt file and keeps it as a source text; null when cancelled. */
  importSource: (): Promise<SourceImportView | null> => unwrap(() => commands.importSource()),
  /** Takes a source article into the draft after or before its `Điều N` (one of the two). */
  takeArticle: (
    regulationId: string,
    baseRevision: number,
    sourceId: string,
    sourceArticleId: number,
    after: number | null,
    before: number | null,
  ): Promise<TakeView> =>
    unwrap(() => commands.takeArticle(regulationId, baseRevision, sourceId, sourceArticleId, after, before)),
  /** The draft's articles taken from a source text. */
  takenArticles: (regulationId: string, revision: number | null): Promise<TakenArticleView[]> =>
    unwrap(() => commands.takenArticles(regulationId, revision)),
  /** A taken article against its source article ("So sánh với nguồn"). */
  compareWithSource: (regulationId: string, articleId: number): Promise<CompareSourceView> =>
    unwrap(() => commands.compareWithSource(regulationId, articleId)),
};
