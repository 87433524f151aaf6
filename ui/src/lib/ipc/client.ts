/**
 * Thin wrappers over the generated bindings (`bindings.ts`, do not edit that file).
 * Every call resolves with the data or throws an {@link ApiFailure}.
 */
import { open } from "@tauri-apps/plugin-dialog";
import { commands } from "./bindings";
import type {
  ApiError,
  ErrorCode,
  ImportResult,
  RedlineView,
  RegulationSummary,
  RegulationView,
  Result,
  RevisionInfo,
} from "./types";

export class ApiFailure extends Error {
  readonly code: ErrorCode;
  constructor(error: ApiError) {
    super(error.message);
    this.name = "ApiFailure";
    this.code = error.code;
  }
}

const ERROR_CODES: readonly ErrorCode[] = [
  "bad_input",
  "not_found",
  "conflict",
  "database_in_use",
  "corrupt",
  "io",
  "internal",
];

/** Turns anything an IPC call can reject with into an {@link ApiFailure}. */
export function toFailure(e: unknown): ApiFailure {
  if (e instanceof ApiFailure) return e;
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const code = (e as { code: unknown }).code;
    const message = String((e as { message: unknown }).message);
    if (typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code)) {
      return new ApiFailure({ code: code as ErrorCode, message });
    }
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
};

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
