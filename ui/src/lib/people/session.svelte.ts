/**
 * Who is using the app: the people known to the back end and the current user.
 * One instance for the whole app; the back end decides what each person may do.
 */
import { api } from "../ipc/client";
import type { PersonView, Role } from "../ipc/types";
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

  /** The picker shows when nobody is chosen yet, or when switching. */
  get pickerOpen(): boolean {
    return this.switching || (this.loaded && this.user === null && this.loadError === null);
  }

  async load(): Promise<void> {
    try {
      const [people, user] = await Promise.all([api.people(), api.currentUser()]);
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
  }
}

export const session = new Session();
