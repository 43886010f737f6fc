import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPngText, MAP_KEYWORD, readPngText } from '../../../src/core/picture/png-text';
import { addSvgMap, readSvgMap } from '../../../src/core/picture/svg-text';

/** The smallest valid PNG: signature, IHDR (1×1 RGBA), IDAT, IEND. */
const TINY_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d7a5ef0000000049454e44ae426082',
  'hex',
);

const chunkTypes = (png: Uint8Array) => {
  const types: string[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at < png.length; at += 12 + view.getUint32(at)) types.push(Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1'));
  return types;
};

describe('a map inside a PNG', () => {
  it('round-trips any text, UTF-8 included, in an iTXt chunk after the header', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const png = addPngText(new Uint8Array(TINY_PNG), MAP_KEYWORD, text);
        expect(readPngText(png, MAP_KEYWORD)).toBe(text);
        expect(chunkTypes(png)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
      }),
      { numRuns: 200 },
    );
  });

  it('writes a chunk whose CRC a strict reader accepts', () => {
    const png = addPngText(new Uint8Array(TINY_PNG), MAP_KEYWORD, '{"title":"Contract review – “quotes”"}');
    const view = new DataView(png.buffer);
    const length = view.getUint32(33);
    const stored = view.getUint32(33 + 8 + length);
    // CRC-32 of "iTXt" + data, computed independently of the module.
    let crc = 0xffffffff;
    for (const byte of png.subarray(37, 41 + length)) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    }
    expect(stored).toBe((crc ^ 0xffffffff) >>> 0);
  });

  it('answers null, never throws, for a PNG without the chunk, a truncated file, or not a PNG', () => {
    expect(readPngText(new Uint8Array(TINY_PNG), MAP_KEYWORD)).toBeNull();
    const png = addPngText(new Uint8Array(TINY_PNG), MAP_KEYWORD, 'x'.repeat(100));
    expect(readPngText(png.subarray(0, 60), MAP_KEYWORD)).toBeNull();
    expect(readPngText(new TextEncoder().encode('GIF89a...'), MAP_KEYWORD)).toBeNull();
    expect(() => addPngText(new TextEncoder().encode('not a png'), MAP_KEYWORD, 'x')).toThrow('not a PNG');
  });
});

describe('a map inside an SVG', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

  it('round-trips JSON full of markup, and keeps the SVG well formed', () => {
    const json = JSON.stringify({ title: '</metadata><script>alert(1)</script> & "quotes" <b>' });
    const out = addSvgMap(svg, json);
    expect(readSvgMap(out)).toBe(json);
    expect(out).not.toContain('<script>');
    expect(out.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><metadata')).toBe(true);
  });

  it('answers null for an SVG that carries no map', () => {
    expect(readSvgMap(svg)).toBeNull();
  });
});
