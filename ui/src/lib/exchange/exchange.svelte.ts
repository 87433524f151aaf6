/**
 * The offline exchange state shared by the app: this installation's identity and whether
 * the identity panel is open. Every check is in Rust; whether a regulation is a received,
 * read-only copy is the back end's answer too (`WorkflowView.received_copy`,
 * `RegulationSummary.received_copy`), stored in its database, never kept here.
 */
import { api } from "../ipc/client";
import type { IdentityView, PersonView } from "../ipc/types";
import { errorMessage } from "../shared/errors";
import { showToast } from "../shared/toasts.svelte";

/** A roster person; `has_key` when the back end tells (see the UI README). */
export type RosterPerson = PersonView & { has_key?: boolean };

/** "A1B2C3D4…" or "A1B2 C3D4 …" → ["A1B2", "C3D4", …], to be read aloud group by group. */
export function fingerprintGroups(fingerprint: string): string[] {
  const parts = fingerprint.trim().split(/\s+/).filter(Boolean);
  if (parts.length > 1) return parts;
  return fingerprint.replace(/[^0-9a-fA-F]/g, "").toUpperCase().match(/.{1,4}/g) ?? [];
}

/** A file name from a person's or regulation's name: no diacritics, no spaces. */
export function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

class Exchange {
  identity: IdentityView | null = $state.raw(null);
  /** The identity was asked for (so null means "none yet"). */
  loaded = $state(false);
  loadError: string | null = $state(null);
  panelOpen = $state(false);

  async loadIdentity(): Promise<void> {
    try {
      this.identity = await api.identity();
      this.loadError = null;
    } catch (e) {
      this.loadError = errorMessage(e);
    } finally {
      this.loaded = true;
    }
  }

  /** Throws the back end's refusal, for the form to show. */
  async createIdentity(name: string, position: string): Promise<IdentityView> {
    this.identity = await api.createIdentity(name, position);
    return this.identity;
  }

  /** A bundle is being written (the native dialog is open, or the file is being written). */
  sending = $state(false);

  /**
   * "Gửi góp ý của tôi…": this user's unsent comments on the regulation as a signed bundle
   * file (the dialog opens in Rust; null: closed, nothing sent). The comments count as sent
   * only once the back end has written the file; the reload then shows "Đã gửi ngày …".
   * Every place that sends (the file menu, the unsent strip) calls this one action.
   */
  async sendBundle(review: { regulationId: string; refresh(): Promise<void> }): Promise<number | null> {
    if (this.sending) return null;
    this.sending = true;
    try {
      const n = await api.exportBundle(review.regulationId);
      if (n === null) return null;
      showToast("success", `Đã đóng gói ${n} góp ý. Gửi tệp vừa lưu cho chủ tịch.`, 8000);
      await review.refresh();
      return n;
    } catch (e) {
      showToast("error", errorMessage(e));
      return null;
    } finally {
      this.sending = false;
    }
  }

  openPanel(): void {
    this.panelOpen = true;
    void this.loadIdentity();
  }

  closePanel(): void {
    this.panelOpen = false;
  }

  /** Test-only: forget everything between tests. */
  reset(): void {
    this.identity = null;
    this.loaded = false;
    this.loadError = null;
    this.panelOpen = false;
    this.sending = false;
  }
}

export const exchange = new Exchange();
