/**
 * "Tiếp thu theo đề xuất" saves a new revision from the comments panel: the screen that
 * shows the text watches this count and loads the latest revision when it moves.
 */
class TextChanged {
  count = $state(0);
  bump(): void {
    this.count++;
  }
}

export const textChanged = new TextChanged();
