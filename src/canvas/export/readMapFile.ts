import { parseMapJson, type ParseResult } from '../../core/model';
import { mermaidToMap } from '../../core/plan';
import { MAP_KEYWORD, readPngText } from '../../core/picture/png-text';
import { readSvgMap } from '../../core/picture/svg-text';

/**
 * A map from a file a person picked: the JSON format, a PNG or SVG picture exported by Stallmap
 * (which carries the map inside it), or a Mermaid flowchart a team already drew (kinds by the
 * convention of src/core/plan/mermaid-import.ts). Errors come back as paths and messages.
 */
export async function readMapFile(file: File): Promise<ParseResult> {
  const name = file.name.toLowerCase();
  if (file.type === 'image/png' || name.endsWith('.png')) {
    const json = readPngText(new Uint8Array(await file.arrayBuffer()), MAP_KEYWORD);
    return json ? parseMapJson(json) : notAMap('this PNG has no Stallmap map inside (export the picture from Stallmap to keep it)');
  }
  const text = await file.text();
  if (file.type === 'image/svg+xml' || name.endsWith('.svg') || text.trimStart().startsWith('<')) {
    const json = readSvgMap(text);
    return json ? parseMapJson(json) : notAMap('this SVG has no Stallmap map inside (export the picture from Stallmap to keep it)');
  }
  if (FLOWCHART.test(text)) {
    return mermaidToMap(text, { fallbackTitle: file.name.replace(/\.[^.]+$/, '') || undefined });
  }
  // The JSON parser's complaint ("Unexpected token 'r'") is for a map with a typo, not for a CSV,
  // a YAML file or an empty one picked by mistake: those are named for what they are.
  if (text.trim() === '') return notAMap('the file is empty');
  if (!LOOKS_LIKE_JSON.test(text)) return notAMap('not a map Stallmap reads: it reads a .json map, a PNG or SVG exported from Stallmap, or a Mermaid flowchart (flowchart LR)');
  return parseMapJson(text);
}

/** Text that JSON could be (an object or array first), so a parse error is worth showing where it is. */
const LOOKS_LIKE_JSON = /^\s*[[{]/;

/** A Mermaid flowchart: optional YAML front matter (`---` … `---`, where Mermaid keeps the title), `%%` lines, then `flowchart` or `graph`. */
const FLOWCHART = /^\s*(?:---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n)?\s*(?:%%[^\n]*\n\s*)*(?:flowchart|graph)\b/;

const notAMap = (message: string): ParseResult => ({ ok: false, errors: [{ path: '(file)', message }] });
