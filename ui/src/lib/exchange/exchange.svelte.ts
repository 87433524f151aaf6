/**
 * The offline exchange state shared by the app: this installation's identity and whether
 * the identity panel is open. Every check is in Rust; whether a regulation is a received,
 * read-only copy is the back end's answer too (`WorkflowView.received_copy`,
 * `RegulationSummary.received_copy`), stored in its database, never kept here.
 */
import { api } from "../ipc/client";
import type { IdentityView, PersonView } from "../ipc/types";
import { errorMessage } from "../shared/errors";

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
  }
}

export const exchange = new Exchange();
