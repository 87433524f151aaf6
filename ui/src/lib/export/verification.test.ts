import { render, within } from "@testing-library/svelte";
import browser from "../ipc/recorded/browser.json";
import demo from "../ipc/recorded/demo.json";
import type { VerificationView } from "../ipc/types";
import VerificationResult from "./VerificationResult.svelte";

/** The recorded answer of `verify_export` in a tape: what the real back end said. */
function recorded(tape: { tape: unknown[] }): VerificationView {
  const call = tape.tape.find((e) => (e as { cmd?: string }).cmd === "verify_export") as {
    response: { data: VerificationView };
  };
  return call.response.data;
}

const trusted = recorded(browser);
const altered = recorded(demo);

describe("the verify view", () => {
  it("shows who signed, the key's fingerprint and its trust, with a ✓, only when the back end says trusted", () => {
    expect(trusted.verdict).toBe("trusted");
    const { container } = render(VerificationResult, { props: { v: trusted } });
    const box = within(container);
    expect(box.getByTestId("verify-verdict-label").textContent).toContain("✓");
    expect(box.getByTestId("verify-signer").textContent).toContain("Trần Thị Bình");
    expect(box.getByTestId("verify-fingerprint").textContent).toBe(trusted.signer?.fingerprint);
    expect(box.getByTestId("verify-trust").dataset.trusted).toBe("true");
  });

  // Every other verdict, as the back end labels it: never a ✓ anywhere in the view.
  const others: [string, VerificationView][] = [
    ["altered", altered],
    ["untrusted", { ...trusted, trusted: false, trusted_by: null, verdict: "untrusted", verdict_label: "Chữ ký hợp lệ nhưng chưa được tin cậy" }],
    ["unsigned", { ...trusted, signature: "missing", signer: null, trusted: false, trusted_by: null, verdict: "unsigned", verdict_label: "Niêm phong chưa ký" }],
    ["invalid", { ...trusted, signature: "invalid", signature_problem: "chữ ký không đúng", trusted: false, trusted_by: null, verdict: "invalid", verdict_label: "Chữ ký niêm phong không hợp lệ" }],
  ];
  it.each(others)("%s: no ✓, the back end's label, and the key not trusted", (verdict, v) => {
    expect(v.verdict).toBe(verdict);
    const { container } = render(VerificationResult, { props: { v } });
    expect(container.textContent).not.toContain("✓");
    const box = within(container);
    expect(box.getByTestId("verify-verdict-label").textContent).toContain(v.verdict_label);
    expect(box.getByTestId("verify-trust").dataset.trusted).toBe("false");
    expect(box.getByTestId("verify-signature").dataset.signature).toBe(v.signature);
  });

  it("says an unsigned seal is unsigned", () => {
    const [, v] = others[2];
    const { container } = render(VerificationResult, { props: { v } });
    expect(within(container).getByTestId("verify-signature").textContent).toContain("Niêm phong chưa ký");
    expect(within(container).queryByTestId("verify-signer")).toBeNull();
  });
});
