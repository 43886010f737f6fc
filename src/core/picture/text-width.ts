/**
 * How wide a line of text will be, without a DOM to measure it: Helvetica/Arial advance widths
 * (thousandths of an em) for printable ASCII, rough classes for the rest. The picture names a
 * sans-serif stack metric-compatible with Arial (Liberation Sans, Arimo), and estimates 5%
 * wide, so text drawn in a somewhat wider font still fits where it was cut to fit.
 */
// biome-ignore format: one row per 16 characters, from the space (32) to the tilde (126)
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

const MARGIN = 1.05;
const BOLD = 1.07;

/** Wide scripts (CJK, Hangul, full-width forms) and emoji take a whole em. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f000, 0x1faff], [0x20000, 0x3fffd],
];
/** Combining marks, zero-width characters and variation selectors take none. */
const ZERO: readonly [number, number][] = [
  [0x0300, 0x036f], [0x0483, 0x0489], [0x0591, 0x05bd], [0x064b, 0x065f], [0x200b, 0x200d], [0xfe00, 0xfe0f],
];

const within = (code: number, ranges: readonly [number, number][]) => ranges.some(([from, to]) => code >= from && code <= to);

function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 32 && code <= 126) return ASCII[code - 32];
  if (within(code, ZERO)) return 0;
  if (within(code, WIDE)) return 1000;
  return 600;
}

/** The estimated width in pixels of one line of text at a font size. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += charWidth(ch);
  return (units / 1000) * fontSize * MARGIN * (bold ? BOLD : 1);
}

// Made on first use, not on import: a browser loads its break rules for it, some 90 ms while a
// page opens, and only pictures cut text.
let segmenter: Intl.Segmenter | null | undefined;

/** User-perceived characters, so a cut never splits an accent from its letter or an emoji in two. */
function graphemes(text: string): string[] {
  segmenter ??= typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  return segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : Array.from(text);
}

export interface Font {
  size: number;
  bold?: boolean;
}

/** The text, cut with an ellipsis where it would pass `width`. */
export function fitText(text: string, width: number, font: Font): string {
  if (textWidth(text, font.size, font.bold) <= width) return text;
  const room = width - textWidth('…', font.size, font.bold);
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = textWidth(g, font.size, font.bold);
    if (used + w > room) break;
    out += g;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

/**
 * The text in lines no wider than `width`, at most `maxLines` of them, broken at spaces (and
 * inside a word too long for a line, as the canvas's `overflow-wrap: anywhere` does); the last
 * line ends in an ellipsis when text was left out.
 */
export function wrapText(text: string, width: number, font: Font, maxLines: number): string[] {
  const measure = (s: string) => textWidth(s, font.size, font.bold);
  const lines: string[] = [];
  let line = '';
  const words = text.split(' ').filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const candidate = line ? `${line} ${words[i]}` : words[i];
    if (measure(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    // A word wider than a line is broken wherever it reaches the edge.
    let rest = words[i];
    while (measure(rest) > width) {
      let head = '';
      for (const g of graphemes(rest)) {
        if (head && measure(head + g) > width) break;
        head += g;
      }
      lines.push(head);
      rest = rest.slice(head.length);
    }
    line = rest;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  // The next line never fits after the last kept one (the lines are greedy), so this always cuts.
  const last = fitText(`${kept[maxLines - 1]} ${lines[maxLines]}`, width, font);
  kept[maxLines - 1] = last.endsWith('…') ? last : `${last}…`;
  return kept;
}
