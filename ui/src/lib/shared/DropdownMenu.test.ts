import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import DropdownProbe from "./DropdownProbe.test.svelte";

// The one dropdown of the window ("Tệp ▾", the redline's "Xuất ▾"): what a keyboard and a
// mouse can do with it.
async function opened() {
  render(DropdownProbe);
  const button = screen.getByTestId("open");
  expect(button).toHaveAttribute("aria-haspopup", "menu");
  expect(button).toHaveAttribute("aria-expanded", "false");
  expect(screen.queryByTestId("menu")).toBeNull();
  await fireEvent.click(button);
  const menu = await screen.findByTestId("menu");
  return { button, menu };
}

describe("DropdownMenu", () => {
  it("opens a named menu and focuses its first enabled item", async () => {
    const { button, menu } = await opened();
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(menu).toHaveAttribute("role", "menu");
    expect(menu).toHaveAccessibleName("Tệp");
    expect(document.activeElement).toBe(screen.getByTestId("pdf"));
  });

  it("Escape closes it and gives the focus back to the button", async () => {
    const { button } = await opened();
    await fireEvent.keyDown(screen.getByTestId("pdf"), { key: "Escape" });
    expect(screen.queryByTestId("menu")).toBeNull();
    expect(button).toHaveAttribute("aria-expanded", "false");
    expect(document.activeElement).toBe(button);
  });

  it("a click outside closes it; a click inside on a title does not", async () => {
    await opened();
    await fireEvent.click(screen.getByText("Xuất"));
    expect(screen.getByTestId("menu")).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("elsewhere"));
    expect(screen.queryByTestId("menu")).toBeNull();
  });

  it("ArrowDown and ArrowUp move between the items, wrapping, blocked ones included", async () => {
    const { menu } = await opened();
    const order: string[] = [];
    for (const key of ["ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp"]) {
      await fireEvent.keyDown(menu, { key });
      order.push((document.activeElement as HTMLElement).dataset.testid ?? "");
    }
    expect(order).toEqual(["html", "blocked", "pdf", "blocked"]);
  });

  it("a blocked item stays focusable with its reason; an item's close closes the menu", async () => {
    await opened();
    const blocked = screen.getByTestId("blocked");
    expect(blocked).not.toHaveAttribute("disabled");
    expect(blocked).toHaveAttribute("aria-disabled", "true");
    expect(blocked).toHaveAttribute("title", "Chưa thông qua: chưa xuất được");
    await fireEvent.click(screen.getByTestId("pdf"));
    expect(screen.queryByTestId("menu")).toBeNull();
    expect(screen.getByTestId("elsewhere")).toHaveTextContent("pdf");
  });
});
