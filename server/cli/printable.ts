import { BIDI_CONTROLS } from '../../src/core/plan/escape';

/** The styles text.ts's palette writes (bold, dim, red, yellow, cyan, reset): what a coloured report may keep. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape that starts them is the point
const OWN_STYLES = /(\x1b\[(?:0|1|2|31|33|36)m)/;

/**
 * Control characters but the line break and the tab: C0 (escape among them, which starts a
 * terminal's commands), delete and C1 (U+009B is a command introducer too).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text for a terminal, where a label, an owner or a field name a person typed could otherwise
 * clear the screen, recolour or retitle the window, or reverse what follows it (a bidirectional
 * override): every control and bidirectional character is dropped. `keepStyles`: the report's own
 * colours stay (a label holding exactly one of those sequences can colour itself, no more).
 */
export function printable(text: string, { keepStyles = false } = {}): string {
  const clean = (part: string) => part.replace(CONTROLS, '').replace(BIDI_CONTROLS, '');
  if (!keepStyles) return clean(text);
  return text
    .split(OWN_STYLES)
    .map((part, i) => (i % 2 === 1 ? part : clean(part)))
    .join('');
}
