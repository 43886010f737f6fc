import { parseMapJson, type ParseResult } from '../../core/model';
import { mermaidToMap } from '../../core/plan';
import { MAP_KEYWORD, pngTextCutShort, readPngText } from '../../core/picture/png-text';
import { readSvgMap } from '../../core/picture/svg-text';

/**
 * A map from a file a person picked: the JSON format, a PNG or SVG picture exported by Stallmap
 * (which carries the map inside it), or a Mermaid flowchart a team already drew (kinds by the
 * convention of src/core/plan/mermaid-import.ts). Errors come back as paths and messages.
 */
export async function readMapFile(file: File): Promise<ParseResult> {
  const name = file.name.toLowerCase();
  if (file.type === 'image/png' || name.endsWith('.png')) {
    const png = new Uint8Array(await file.arrayBuffer());
    const json = readPngText(png, MAP_KEYWORD);
    if (json) return parseMapJson(json);
    // A picture cut off inside its map (a download that stopped) had one: saying it never did would mislead.
    return notAMap(
      pngTextCutShort(png, MAP_KEYWORD)
        ? 'this PNG is cut short (damaged, or not fully downloaded): export the picture from Stallmap again'
        : 'this PNG has no Stallmap map inside (export the picture from Stallmap to keep it)',
    );
  }
  const text = await file.text();
  if (file.type === 'image/svg+xml' || name.endsWith('.svg') || text.trimStart().startsWith('<')) {
    const json = readSvgMap(text);
    if (json) return parseMapJson(json);
    // Other markup (a draw.io file, a web page) is no picture: called an SVG, it would send the person looking for one.
    return notAMap(SVG_TAG.test(text) ? 'this SVG has no Stallmap map inside (export the picture from Stallmap to keep it)' : NOT_READ);
  }
  if (FLOWCHART.test(text)) {
    return mermaidToMap(text, { fallbackTitle: file.name.replace(/\.[^.]+$/, '') || undefined });
  }
  // The JSON parser's complaint ("Unexpected token 'r'") is for a map with a typo, not for a CSV,
  // a YAML file or an empty one picked by mistake: those are named for what they are.
  if (text.trim() === '') return notAMap('the file is empty');
  if (!LOOKS_LIKE_JSON.test(text)) return notAMap(NOT_READ);
  return fromAnotherTool(parseMapJson(text));
}

const NOT_READ = 'not a map Stallmap reads: it reads a .json map, a PNG or SVG exported from Stallmap, or a Mermaid flowchart (flowchart LR)';

const SVG_TAG = /<svg\b/i;

/**
 * JSON from another tool (an Excalidraw drawing, a tracker's export) has neither the format's
 * line nor steps: one sentence says so, where a list of every field it lacks and every field it
 * has would read as a map with many typos. A map that only forgot a line still gets the list.
 */
function fromAnotherTool(result: ParseResult): ParseResult {
  if (result.ok) return result;
  const about = (path: string) => result.errors.some((error) => error.path === path);
  const noSteps = result.errors.some((error) => error.path === 'steps' && error.message === 'is required');
  return about('format') && noSteps ? notAMap('a JSON file, but not a Stallmap map: it has no "format": "stallmap/map" and no steps (is it from another tool?)') : result;
}

/** Text that JSON could be (an object or array first), so a parse error is worth showing where it is. */
const LOOKS_LIKE_JSON = /^\s*[[{]/;

/** A Mermaid flowchart: optional YAML front matter (`---` … `---`, where Mermaid keeps the title), `%%` lines, then `flowchart` or `graph`. */
const FLOWCHART = /^\s*(?:---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n)?\s*(?:%%[^\n]*\n\s*)*(?:flowchart|graph)\b/;

const notAMap = (message: string): ParseResult => ({ ok: false, errors: [{ path: '(file)', message }] });
