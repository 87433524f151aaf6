/**
 * Who is using the app: the people known to the back end and the current user.
 * One instance for the whole app; the back end decides what each person may do.
 */
import { api } from "../ipc/client";
import type { FirstStartView, PersonView, Role } from "../ipc/types";
import { errorMessage } from "../shared/errors";
import { showToast } from "../shared/toasts.svelte";

import { ROLE_LABELS } from "../shared/labels";

export { ROLE_LABELS };

class Session {
  user: PersonView | null = $state.raw(null);
  people: PersonView[] = $state.raw([]);
  /** The first load finished (so "no current user" means nobody was chosen). */
  loaded = $state(false);
  /** The picker was opened to switch user. */
  switching = $state(false);
  loadError: string | null = $state(null);
  /**
   * The first start's state from Rust: whether this machine still has to ask who uses it,
   * the roles with their labels, the machine's owner (one person with the signing
   * identity), and what the library leads with.
   */
  start: FirstStartView | null = $state.raw(null);

  /** The blocking first-start dialog: nobody uses this machine and it has no identity. */
  get firstRunOpen(): boolean {
    return this.loaded && this.loadError === null && this.start?.needed === true;
  }

  /**
   * The picker ("Làm thay cho…") shows when switching, or for an older database with
   * people but nobody chosen (never instead of the first-start dialog).
   */
  get pickerOpen(): boolean {
    if (this.switching) return true;
    return this.loaded && this.user === null && this.loadError === null && this.start?.needed !== true;
  }

  async load(): Promise<void> {
    try {
      // First: an old database's owner is linked to their person here, before the user is read.
      const start = await api.firstStart();
      const [people, user] = await Promise.all([api.people(), api.currentUser()]);
      this.start = start;
      this.people = people;
      this.user = user;
      this.loadError = null;
    } catch (e) {
      this.loadError = errorMessage(e);
    } finally {
      this.loaded = true;
    }
  }

  async refreshPeople(): Promise<void> {
    this.people = await api.people();
  }

  /** Throws an ApiFailure when refused. */
  async pick(personId: string): Promise<void> {
    const p = await api.setCurrentUser(personId);
    this.user = p;
    this.switching = false;
    showToast("info", `Bạn đang làm việc với tư cách ${p.name} (${p.position || ROLE_LABELS[p.role]}).`);
  }

  /** Adds a person; when nobody is chosen yet, the new person becomes the current user. */
  async add(name: string, role: Role, position: string): Promise<PersonView> {
    const p = await api.addPerson(name, role, position);
    await this.refreshPeople();
    if (this.user === null) await this.pick(p.id);
    return p;
  }

  /** The first-start dialog's answer; throws an ApiFailure when refused. */
  async startHere(name: string, position: string, role: Role): Promise<PersonView> {
    const p = await api.startHere(name, position, role);
    await this.load();
    return p;
  }

  /** The library changed (a text imported, the sample removed): the lead may change. */
  async refreshStart(): Promise<void> {
    this.start = await api.firstStart();
  }

  startSwitch(): void {
    this.switching = true;
    void this.refreshPeople().catch((e) => showToast("error", errorMessage(e)));
  }

  cancelSwitch(): void {
    this.switching = false;
  }

  /** Test-only: forget everything between tests. */
  reset(): void {
    this.user = null;
    this.people = [];
    this.loaded = false;
    this.switching = false;
    this.loadError = null;
    this.start = null;
  }
}

export const session = new Session();
