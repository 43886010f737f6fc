/**
 * A text chunk in a PNG: how a picture of a map carries the map itself, so importing the picture
 * gives the map back (as draw.io does). iTXt, because a map's labels are UTF-8 and tEXt is Latin-1.
 * Pure bytes in and out: no DOM, no Node.
 */
const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export const MAP_KEYWORD = 'stallmap';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function isPng(png: Uint8Array): boolean {
  return png.length > 8 && SIGNATURE.every((b, i) => png[i] === b);
}

/** Adds an iTXt chunk `keyword: text` right after the header chunk. */
export function addPngText(png: Uint8Array, keyword: string, text: string): Uint8Array {
  if (!isPng(png)) throw new Error('not a PNG');
  const encoder = new TextEncoder();
  // iTXt data: keyword, 0, compression flag 0, method 0, language "", 0, translated keyword "", 0, text.
  const data = new Uint8Array([...encoder.encode(keyword), 0, 0, 0, 0, 0, ...encoder.encode(text)]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(encoder.encode('iTXt'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  const headerEnd = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8);
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, headerEnd));
  out.set(chunk, headerEnd);
  out.set(png.subarray(headerEnd), headerEnd + chunk.length);
  return out;
}

/** The text of the first iTXt or tEXt chunk with this keyword, or null. Never throws on a damaged file. */
export function readPngText(png: Uint8Array, keyword: string): string | null {
  if (!isPng(png)) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const decoder = new TextDecoder();
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const type = decoder.decode(png.subarray(offset + 4, offset + 8));
    const start = offset + 8;
    if (start + length > png.length) return null;
    if (type === 'iTXt' || type === 'tEXt') {
      const data = png.subarray(start, start + length);
      const nul = data.indexOf(0);
      if (nul > 0 && decoder.decode(data.subarray(0, nul)) === keyword) {
        if (type === 'tEXt') return new TextDecoder('latin1').decode(data.subarray(nul + 1));
        // iTXt: skip compression flag and method, then the language and translated keyword (NUL-terminated).
        if (data[nul + 1] !== 0) return null;
        let at = nul + 3;
        for (let skip = 0; skip < 2; skip++) {
          const end = data.indexOf(0, at);
          if (end < 0) return null;
          at = end + 1;
        }
        return decoder.decode(data.subarray(at));
      }
    }
    if (type === 'IEND') return null;
    offset = start + length + 4;
  }
  return null;
}

/**
 * Whether the PNG holds the start of a text chunk with this keyword that the file ends inside: a
 * picture that carried a map, cut short by a download or a copy that stopped.
 */
export function pngTextCutShort(png: Uint8Array, keyword: string): boolean {
  if (!isPng(png)) return false;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const decoder = new TextDecoder();
  const named = new TextEncoder().encode(`${keyword}\0`);
  for (let offset = 8; offset + 8 <= png.length; offset += 12 + view.getUint32(offset)) {
    const type = decoder.decode(png.subarray(offset + 4, offset + 8));
    if (offset + 12 + view.getUint32(offset) <= png.length) continue;
    const start = png.subarray(offset + 8, offset + 8 + named.length);
    return (type === 'iTXt' || type === 'tEXt') && start.length === named.length && start.every((byte, i) => byte === named[i]);
  }
  return false;
}
