import { NOT_XML } from './xml';

/**
 * The map inside an SVG picture of it: a <metadata> element holding the map's JSON as escaped
 * text. String work only (no DOM), so the same code runs in the page, the server and tests.
 */
const OPEN = '<metadata id="stallmap-map" data-format="stallmap/map">';
const CLOSE = '</metadata>';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeXml = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Bidirectional controls (embeddings, overrides, isolates, marks): they would make a label read reversed. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

const jsonEscape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Inserts the JSON right after the opening <svg …> tag. Bidirectional controls are neutralised:
 * dropped from the drawn text, and written as JSON escapes (\u202e) in the map's JSON, which
 * still reads back as the same map; so are the characters XML forbids.
 */
export function addSvgMap(svg: string, json: string): string {
  const plainSvg = svg.replace(BIDI_CONTROLS, '');
  const openTag = /<svg\b[^>]*>/.exec(plainSvg);
  if (!openTag) throw new Error('not an SVG');
  const at = openTag.index + openTag[0].length;
  const plainJson = json.replace(BIDI_CONTROLS, jsonEscape).replace(NOT_XML, jsonEscape);
  return `${plainSvg.slice(0, at)}${OPEN}${escapeXml(plainJson)}${CLOSE}${plainSvg.slice(at)}`;
}

export function readSvgMap(svg: string): string | null {
  const start = svg.indexOf(OPEN);
  if (start < 0) return null;
  const end = svg.indexOf(CLOSE, start + OPEN.length);
  return end < 0 ? null : unescapeXml(svg.slice(start + OPEN.length, end));
}
