import { oneLine } from '../plan/escape';

/**
 * Typed text as XML: one line, bidirectional and control characters dropped (a right-to-left
 * override would make a label read reversed), characters XML 1.0 forbids dropped (a lone
 * surrogate or U+FFFE would make a strict reader refuse the whole picture), and `& < > " '` as
 * entities, so a label such as `</text><script>` stays text in element content and attributes.
 */
export function xmlText(text: string): string {
  return escapeXml(plainText(text));
}

/** Typed text as one line a strict XML reader accepts, before escaping (for measuring and cutting). */
export function plainText(text: string): string {
  return oneLine(text).replace(NOT_XML, '');
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Lone surrogates and the two non-characters XML 1.0 excludes from its Char production: a strict reader would refuse the whole picture. */
export const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/** A coordinate to one decimal: enough for a picture, and a third of the bytes of a float. */
export function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}
