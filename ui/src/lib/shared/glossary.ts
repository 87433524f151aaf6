/**
 * The UI's words for the app's own things, plain where the first ones were jargon. One
 * home: a screen that names one of these takes it from here (the back end's sentences
 * use the same words; `crates/api/tests/ui_labels.rs` refuses the old ones in both).
 * Legal terms (tiếp thu, giải trình, thông qua, dự thảo, quy chế) stay as the law says.
 * docs/glossary-ui.md lists each term, the word it replaced and where it appears.
 */
export const GLOSSARY = {
  /** A reviewer's signed file of comments sent back to the chairman. Was "bó góp ý". */
  commentFile: "tệp góp ý",
  commentFiles: "các tệp góp ý",
  /** The short code that identifies a signing key, read out over the phone. Was "dấu vân tay (khóa)". */
  keyId: "mã nhận dạng khóa",
  keyIdShort: "mã nhận dạng",
  /** Trusting a key on first sight for a received copy. Was "ghim khóa". */
  keyKept: "đã ghi nhớ khóa",
  /** The revision's hash, shown shortened. Was "mã băm" / "hash". */
  revisionCode: "mã kiểm tra",
  /** The package a chairman sends out for comments. */
  reviewPackage: "gói lấy ý kiến",
  /** This machine's signing identity: a name, a position and a key pair. Was "Định danh". */
  identity: "chữ ký số",
  /** The file (.quyche-id) that carries a person's name, position and public key. Was "thẻ định danh". */
  identityCard: "thẻ chữ ký số",
  /** The tab listing what was done on a regulation. */
  auditLog: "Nhật ký",
} as const;

/** The old words and the plain word that replaced each: what the label tests refuse. */
export const RETIRED_TERMS: ReadonlyArray<readonly [old: string, plain: string]> = [
  ["bó góp ý", GLOSSARY.commentFile],
  ["dấu vân tay", GLOSSARY.keyIdShort],
  ["mã băm", GLOSSARY.revisionCode],
  ["định danh", GLOSSARY.identity],
];
