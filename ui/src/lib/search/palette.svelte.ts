/** Whether the library search (Ctrl+K) is open: the buttons in the top bars open it too. */
class Palette {
  open = $state(false);
}

export const palette = new Palette();
