/**
 * The shapes the back end sends, named for the UI. The generated bindings split types
 * with optional fields into `_Serialize` / `_Deserialize` phases; what arrives over IPC
 * is always the `_Serialize` one. Types come only from the generated file: never
 * written twice. (Kept in step with bindings.ts: every generated type is re-exported.)
 */
export type {
  AnchorState,
  ApiError,
  ApprovalForm,
  ArticleStatus,
  Decision,
  DiagnosticView,
  DiffOp,
  DiffSpan,
  ErrorCode,
  ExportView,
  IdentityView,
  LibraryLead,
  NextLink,
  PersonView,
  PickedFile,
  RedlineAlignment,
  RedlineSummary,
  RegulationStatus,
  RegulationSummary,
  ReturnedView,
  ReviewerStatus,
  Role,
  RoleOption,
  SealVerdict,
  SealedView,
  SentState,
  SignatureState,
  SignerView,
  Step,
  StepState,
  UnitKind,
  VoteInput,
  WorkProgress,
} from "./bindings";
export type {
  ActionView_Serialize as ActionView,
  ApprovalView_Serialize as ApprovalView,
  ArticleRedline_Serialize as ArticleRedline,
  AuditLogEntry_Serialize as AuditLogEntry,
  BundleImportView_Serialize as BundleImportView,
  CommentRedline_Serialize as CommentRedline,
  CommentView_Serialize as CommentView,
  FirstStartView_Serialize as FirstStartView,
  HeaderView_Serialize as HeaderView,
  ImportResult_Serialize as ImportResult,
  Next_Serialize as Next,
  PackagePreview_Serialize as PackagePreview,
  ReceivedCopyView_Serialize as ReceivedCopyView,
  RedlineSide_Serialize as RedlineSide,
  RedlineView_Serialize as RedlineView,
  RegulationView_Serialize as RegulationView,
  RevisionInfo_Serialize as RevisionInfo,
  RoundDashboard_Serialize as RoundDashboard,
  RoundView_Serialize as RoundView,
  UnitView_Serialize as UnitView,
  VerificationView_Serialize as VerificationView,
  WorkflowView_Serialize as WorkflowView,
} from "./bindings";

/** What every generated command resolves to. */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };
