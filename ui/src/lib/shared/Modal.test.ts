import { render, screen } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { describe, expect, it } from "vitest";
import Modal from "./Modal.svelte";

const buttons = createRawSnippet(() => ({
  render: () => `<div><button type="button">Bỏ thay đổi</button><button type="button" data-keep>Tiếp tục sửa</button></div>`,
}));

describe("Modal's first focus", () => {
  it.each([
    { initialFocus: "[data-keep]", onclose: undefined, expected: "Tiếp tục sửa" },
    { initialFocus: "[data-keep]", onclose: () => {}, expected: "Tiếp tục sửa" },
    { initialFocus: undefined, onclose: undefined, expected: "Bỏ thay đổi" },
    { initialFocus: "[data-missing]", onclose: () => {}, expected: "Đóng" },
  ])("initialFocus $initialFocus focuses “$expected”", ({ initialFocus, onclose, expected }) => {
    render(Modal, { props: { title: "Bỏ thay đổi?", initialFocus, onclose, children: buttons } });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: expected }));
  });
});
