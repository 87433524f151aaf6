/**
 * Test-only in-memory stand-in for the offline exchange commands (identity, identity
 * cards, review packages, comment bundles, the round dashboard), used by
 * `mock-backend.ts`. The real checks (signatures, roster, replay) live in Rust
 * (`quyche-exchange`, `crates/api/src/exchange.rs`); this only answers like them.
 */
import type { ApiError, BundleImportView, IdentityView, PersonView, Role, RoundDashboard } from "./types";
import { REG_ID, fakeHash } from "./fixtures";
import { mockUnitText, type MockReview } from "./mock-review";
import type { UnitView } from "./types";

function fail(code: ApiError["code"], message: string): never {
  throw { code, message } satisfies ApiError;
}

const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export interface MockExchangeOptions {
  /** This installation already has an identity (its owner's name). */
  identity?: { name: string; position: string };
  /** The identity card the open dialog returns (.quyche-id); null = cancelled. */
  cardPath?: string | null;
  /** The review package the open dialog returns (.quyche); null = cancelled. */
  packagePath?: string | null;
  /** The bundles the open dialog returns (.zip); null = cancelled. */
  bundlePaths?: string[] | null;
}

export interface ExchangeHost {
  review: MockReview;
  /** The regulation's revisions (index = number - 1). */
  views(regulationId: string): { units: UnitView[] }[];
  /** Copies a regulation as a package received from the chairman; returns the copy's id. */
  copyRegulation(fromId: string): string;
}

/** A card whose file name contains this belongs to a known person whose key has changed. */
export const KEY_CHANGED_CARD = "/home/vanphong/Tải về/pham-thi-dung-khoa-moi.quyche-id";
export const NEW_CARD = "/home/vanphong/Tải về/vu-thi-hoa.quyche-id";
export const PACKAGE_PATH = "/home/uyvien/Tải về/lay-y-kien-qc-btv-2025.quyche";
/** One bundle with three new comments, one already imported, one with a bad signature. */
export const BUNDLE_PATHS = [
  "/home/vanphong/Tải về/gop-y-le-van-cuong.zip",
  "/home/vanphong/Tải về/gop-y-pham-thi-dung-da-nhap.zip",
  "/home/vanphong/Tải về/gop-y-hoang-minh-duc.zip",
];
export const FORGED_REASON =
  "gop-y-hoang-minh-duc.zip: chữ ký không khớp với khóa của Hoàng Minh Đức trong danh sách; tệp không được nhập.";

export function fingerprintOf(seed: string): string {
  return (fakeHash(`khoa:${seed}`).slice(0, 32).toUpperCase().match(/.{4}/g) ?? []).join(" ");
}

export function createMockExchange(host: ExchangeHost, options: MockExchangeOptions = {}) {
  const { review } = host;
  let identity: IdentityView | null = options.identity ? makeIdentity(options.identity.name, options.identity.position) : null;
  /** People with a public key in the roster (as from their identity cards). */
  const keyed = new Set<string>(["p-chu-tich", "p-pho-chu-tich", "p-uy-vien"]);
  const imported = new Set<string>();
  const sent = new Set<string>();
  const packages = new Map<string, string>();

  function makeIdentity(name: string, position: string): IdentityView {
    const fingerprint = fingerprintOf(name);
    return { name, position, key_id: fingerprint.replace(/ /g, "").slice(-16), fingerprint };
  }

  function needIdentity(): IdentityView {
    return identity ?? fail("refused", "Máy này chưa có định danh: hãy tạo định danh (họ tên, chức vụ) trước.");
  }

  const withKey = (p: PersonView) => ({ ...structuredClone(p), has_key: keyed.has(p.id) });

  function addFromCard(a: Record<string, unknown>): PersonView {
    const path = String(a.path ?? "");
    if (!path.endsWith(".quyche-id")) fail("bad_input", `${fileName(path)}: không phải thẻ định danh (.quyche-id).`);
    const role = a.role as Role;
    const known = path.includes("pham-thi-dung") ? review.people.find((p) => p.id === "p-uy-vien") : undefined;
    if (known) {
      if (keyed.has(known.id) && a.confirmKeyChange !== true) {
        fail(
          "refused",
          `CẢNH BÁO: khóa của ${known.name} đã thay đổi so với khóa đã lưu. Có thể thẻ này bị giả mạo. Chỉ chấp nhận sau khi đã đối chiếu dấu vân tay ${fingerprintOf(path)} trực tiếp với người này.`,
        );
      }
      known.role = role;
      keyed.add(known.id);
      return structuredClone(known);
    }
    const p: PersonView = { id: `p-the-${review.people.length + 1}`, name: "Vũ Thị Hoa", position: "Ủy viên Ban Thường vụ", role, has_key: true };
    review.people.push(p);
    keyed.add(p.id);
    return structuredClone(p);
  }

  function importOne(path: string): BundleImportView {
    const file = fileName(path);
    if (path.includes("hoang-minh-duc")) return { file, ok: false, new_comments: 0, error: FORGED_REASON };
    if (!/\.(zip|quyche)$/.test(file)) return { file, ok: false, new_comments: 0, error: `${file}: không phải bó góp ý.` };
    if (imported.has(file) || file.includes("da-nhap")) return { file, ok: true, new_comments: 0, error: null };
    // The bundle is for the regulation whose round is open (the sample one first).
    const open = review.withOpenRound().sort((x, y) => Number(y === REG_ID) - Number(x === REG_ID));
    const reg = open[0];
    if (!reg || review.copies.has(reg)) return { file, ok: false, new_comments: 0, error: `${file}: đợt lấy ý kiến của bó góp ý này đã đóng.` };
    const round = review.openRoundOf(reg)!;
    const units: UnitView[] = [];
    const walk = (list: UnitView[]) => list.forEach((u) => (u.kind === "article" ? units.push(u) : walk(u.children)));
    walk(host.views(reg)[round.revision - 1].units);
    const author = "p-pho-chu-tich";
    const texts = ["Thời hạn gửi tài liệu quá ngắn.", "Bổ sung nguyên tắc công khai, minh bạch.", "Đề nghị gửi cả bản điện tử."];
    texts.forEach((text, i) => {
      const u = units[Math.min(i + 1, units.length - 1)];
      const quote = mockUnitText(u).slice(0, 24).trim();
      review.addCommentAs(author, { regulationId: reg, unitId: u.id, quote, position: null, text, proposal: null });
    });
    imported.add(file);
    return { file, ok: true, new_comments: 3, error: null };
  }

  function dashboard(reg: string): RoundDashboard {
    const list = review.roundsOf(reg);
    const last = list[list.length - 1];
    if (!last) return { round: null, deadline: null, reviewers: [] };
    return {
      round: last.number,
      deadline: last.deadline,
      reviewers: review.people
        .filter((p) => p.role !== "chairman")
        .map((p) => ({
          person: structuredClone(p),
          comments: review.comments.filter((c) => c.regulation === reg && c.round === last.id && c.author === p.id).length,
          has_key: keyed.has(p.id),
        })),
    };
  }

  /** Handles an exchange command (or one of its dialogs); `undefined` when `cmd` is not one. */
  function handle(cmd: string, a: Record<string, unknown>): { value: unknown } | undefined {
    const reg = String(a.regulationId ?? "");
    switch (cmd) {
      case "people":
        // What Rust should send too: PersonView with `has_key` (see the UI README).
        return { value: review.people.map(withKey) };
      case "identity":
        return { value: structuredClone(identity) };
      case "create_identity": {
        const name = String(a.name ?? "").trim();
        if (!name) fail("bad_input", "Cần nhập họ tên.");
        if (identity) fail("refused", "Máy này đã có định danh; không tạo lại được.");
        identity = makeIdentity(name, String(a.position ?? "").trim());
        return { value: structuredClone(identity) };
      }
      case "export_identity_card":
        return { value: structuredClone(needIdentity()) };
      case "add_person_from_card":
        return { value: addFromCard(a) };
      case "export_package": {
        needIdentity();
        review.require(reg, "close_round");
        review.openRoundOf(reg) ?? fail("refused", "Không có đợt lấy ý kiến nào đang mở.");
        return { value: String(a.path ?? "") };
      }
      case "open_package": {
        const path = String(a.path ?? "");
        if (!path.endsWith(".quyche")) fail("bad_input", `${fileName(path)}: không phải gói lấy ý kiến (.quyche).`);
        let id = packages.get(REG_ID);
        if (!id) {
          id = host.copyRegulation(REG_ID);
          packages.set(REG_ID, id);
          review.copies.add(id);
        }
        review.receiveRound(id, "2026-12-15");
        return { value: id };
      }
      case "export_bundle": {
        needIdentity();
        const me = review.currentPerson() ?? fail("refused", "Chưa chọn người dùng.");
        const mine = review.comments.filter((c) => c.regulation === reg && c.author === me.id && !sent.has(c.id));
        if (mine.length === 0) fail("refused", "Không có góp ý mới nào để gửi.");
        mine.forEach((c) => sent.add(c.id));
        return { value: mine.length };
      }
      case "import_bundles":
        return { value: (a.paths as string[]).map(importOne) };
      case "round_dashboard":
        return { value: dashboard(reg) };
      case "plugin:dialog|open": {
        const exts = ((a.options as { filters?: { extensions: string[] }[] } | undefined)?.filters ?? []).flatMap((f) => f.extensions);
        if (exts.includes("quyche-id")) return { value: options.cardPath === undefined ? NEW_CARD : options.cardPath };
        if (exts.includes("zip")) return { value: options.bundlePaths === undefined ? [...BUNDLE_PATHS] : options.bundlePaths };
        if (exts.includes("quyche")) return { value: options.packagePath === undefined ? PACKAGE_PATH : options.packagePath };
        return undefined;
      }
      default:
        return undefined;
    }
  }

  return { handle, keyed, get identity() { return identity; } };
}

export type MockExchange = ReturnType<typeof createMockExchange>;
