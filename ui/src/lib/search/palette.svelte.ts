/** Whether the library search (Ctrl+K) is open: the box above the library's list opens it too. */
class Palette {
  open = $state(false);
  /**
   * Whether the regulation shown may be left for a hit in another one (not with an
   * article's unsaved changes): the regulation screen puts its own check here.
   */
  canLeave: (() => boolean) | null = null;
}

export const palette = new Palette();
