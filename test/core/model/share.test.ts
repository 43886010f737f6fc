import { describe, expect, it } from 'vitest';
import { formatShare, parseShare } from '../../../src/core/model';

describe('shares typed as people say them', () => {
  const cases: [string, number | undefined][] = [
    ['40%', 0.4],
    ['40 %', 0.4],
    ['40', 0.4],
    ['0.4', 0.4],
    ['.4', 0.4],
    ['12.5%', 0.125],
    ['0%', 0],
    ['0', 0],
    ['100%', 1],
    ['100', 1],
    ['1', 1],
    [' 5% ', 0.05],
    ['', undefined],
    ['   ', undefined],
  ];
  for (const [text, share] of cases) {
    it(`reads '${text}' as ${share}`, () => expect(parseShare(text)).toEqual({ ok: true, share }));
  }

  const refused: [string, RegExp][] = [
    ['140%', /cannot be above 100%/],
    ['140', /cannot be above 100%/],
    ['100.1%', /cannot be above 100%/],
    ['-10%', /cannot be negative/],
    ['-0.1', /cannot be negative/],
    ['most', /'most' is not a share/],
    ['40%%', /not a share/],
    ['4 0', /not a share/],
    ['0x10', /not a share/],
  ];
  for (const [text, message] of refused) {
    it(`refuses '${text}' with a message, never clamped`, () => {
      const result = parseShare(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    });
  }

  it("says how a bare number was read when it refuses it, and only then", () => {
    expect(parseShare('140')).toEqual({ ok: false, message: 'a share cannot be above 100% (140 reads as 140%)' });
    expect(parseShare('140%')).toEqual({ ok: false, message: 'a share cannot be above 100%' });
  });

  it('writes a share back as a percentage people read, and reads it back the same', () => {
    expect([0.4, 0.125, 0, 1, 0.05, undefined].map(formatShare)).toEqual(['40%', '12.5%', '0%', '100%', '5%', '']);
    for (const share of [0, 0.001, 0.05, 0.125, 0.4, 0.999, 1]) expect(parseShare(formatShare(share))).toEqual({ ok: true, share });
  });
});
