import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../../src/core/model';

describe('counts and money typed as people write them', () => {
  const cases: [string, number | undefined][] = [
    ['1200', 1200],
    ['1,200', 1200],
    ['1 200', 1200],
    ['12,345,678', 12345678],
    ['85.50', 85.5],
    ['$85', 85],
    ['85 €', 85],
    ['0', 0],
    ['.5', 0.5],
    ['', undefined],
  ];
  for (const [text, value] of cases) {
    it(`reads '${text}' as ${value}`, () => expect(parseAmount(text)).toEqual({ ok: true, value }));
  }

  const refused: [string, RegExp][] = [
    ['-5', /cannot be negative/],
    ['$-5', /cannot be negative/],
    ['lots', /'lots' is not a number/],
    ['12,34', /not a number/],
    ['1e3', /not a number/],
    ['5 items', /not a number/],
  ];
  for (const [text, message] of refused) {
    it(`refuses '${text}' with a message`, () => {
      const result = parseAmount(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    });
  }

  it('refuses a number past the bound it is given, never clamps it', () => {
    expect(parseAmount('2,000,000', 1_000_000)).toEqual({ ok: false, message: 'must be at most 1,000,000' });
    expect(parseAmount('1,000,000', 1_000_000)).toEqual({ ok: true, value: 1_000_000 });
  });
});
