/**
 * The shapes the back end sends, named for the UI. The generated bindings split types
 * with optional fields into `_Serialize` / `_Deserialize` phases; what arrives over IPC
 * is always the `_Serialize` one. Types come only from the generated file: never
 * written twice.
 */
export type {
  ApiError,
  ArticleRedline,
  ArticleStatus,
  DiagnosticView,
  DiffOp,
  DiffSpan,
  ErrorCode,
  ImportResult,
  RedlineAlignment,
  RedlineSide,
  RedlineSummary,
  RedlineView,
  RegulationStatus,
  RegulationSummary,
  RevisionInfo,
  UnitKind,
} from "./bindings";
export type {
  HeaderView_Serialize as HeaderView,
  RegulationView_Serialize as RegulationView,
  UnitView_Serialize as UnitView,
} from "./bindings";

/** What every generated command resolves to. */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };
