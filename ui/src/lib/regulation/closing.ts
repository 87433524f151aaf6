/**
 * Splits the closing block into the parts a printed regulation lays out differently:
 * running paragraphs, the recipients list ("Nơi nhận:") on the left and the signature
 * block ("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", name) on the right. Lines that fit neither
 * stay paragraphs, so nothing is ever dropped.
 */
export interface ClosingParts {
  paragraphs: string[];
  recipients: string[];
  signature: string[];
}

const SIGN_START = /^(TM|KT|TL|TUQ|Q|PP)\.\s/u;

function isUpper(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, "");
  return letters.length >= 3 && letters === letters.toLocaleUpperCase("vi");
}

export function splitClosing(lines: string[]): ClosingParts {
  const parts: ClosingParts = { paragraphs: [], recipients: [], signature: [] };
  let mode: "text" | "recipients" | "signature" = "text";
  for (const line of lines) {
    if (/^Nơi nhận\s*:?/u.test(line)) {
      mode = "recipients";
    } else if (mode !== "signature" && (SIGN_START.test(line) || (mode === "text" && isUpper(line)))) {
      mode = "signature";
    } else if (mode === "recipients" && !/^[-–+•]/u.test(line) && (SIGN_START.test(line) || isUpper(line))) {
      mode = "signature";
    }
    if (mode === "text") parts.paragraphs.push(line);
    else if (mode === "recipients") parts.recipients.push(line);
    else parts.signature.push(line);
  }
  return parts;
}

export function isUpperLine(line: string): boolean {
  return isUpper(line);
}
