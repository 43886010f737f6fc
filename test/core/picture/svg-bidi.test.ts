import { describe, expect, it } from 'vitest';
import { addSvgMap, readSvgMap } from '../../../src/core/picture/svg-text';

/** A right-to-left override in a label would make the picture's text read reversed ("Trojan Source"). */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

describe('bidirectional controls in an SVG picture', () => {
  it('are dropped from the drawn text and escaped in the map JSON, which reads back as the same map', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>Owner \u202eevil\u202c name\u2066x\u2069</text></svg>';
    const map = { title: 'Owner \u202eevil\u202c \u200fname\u061c' };
    const out = addSvgMap(svg, JSON.stringify(map));
    expect(out).not.toMatch(BIDI);
    expect(out).toContain('<text>Owner evil namex</text>');
    expect(JSON.parse(readSvgMap(out) ?? '')).toEqual(map);
  });
});
