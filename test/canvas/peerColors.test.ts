import { describe, expect, it } from 'vitest';
import { PEER_COLORS } from '../../src/canvas/presence/identity';

/** WCAG's relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast of white text on the colour, as WCAG measures it (1 to 21). */
const againstWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('the colours people take on the map', () => {
  // Each is the background of white text: an avatar's initials (11 px, bold) and a cursor's name
  // (11 px). Lime, green, amber, cyan and orange read at about 3:1, under WCAG's 4.5:1 for text that size.
  it.each(PEER_COLORS)('%s carries white small text at 4.5:1 or more', (color) => {
    expect(againstWhite(color)).toBeGreaterThanOrEqual(4.5);
  });
});
