/**
 * The map inside an SVG picture of it: a <metadata> element holding the map's JSON as escaped
 * text. String work only (no DOM), so the same code runs in the page, the server and tests.
 */
const OPEN = '<metadata id="stallmap-map" data-format="stallmap/map">';
const CLOSE = '</metadata>';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeXml = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Inserts the JSON right after the opening <svg …> tag. */
export function addSvgMap(svg: string, json: string): string {
  const openTag = /<svg\b[^>]*>/.exec(svg);
  if (!openTag) throw new Error('not an SVG');
  const at = openTag.index + openTag[0].length;
  return `${svg.slice(0, at)}${OPEN}${escapeXml(json)}${CLOSE}${svg.slice(at)}`;
}

export function readSvgMap(svg: string): string | null {
  const start = svg.indexOf(OPEN);
  if (start < 0) return null;
  const end = svg.indexOf(CLOSE, start + OPEN.length);
  return end < 0 ? null : unescapeXml(svg.slice(start + OPEN.length, end));
}
