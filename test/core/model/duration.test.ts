import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/core/model';

describe('durations typed as people say them', () => {
  const cases: [string, number | undefined][] = [
    ['45m', 45],
    ['45', 45],
    ['2h', 120],
    ['1h 30m', 90],
    ['1h30m', 90],
    ['1.5h', 90],
    ['3d', 4320],
    ['1w', 10080],
    ['2 hours', 120],
    [' 10 MIN ', 10],
    ['', undefined],
  ];
  for (const [text, minutes] of cases) {
    it(`reads '${text}' as ${minutes} minutes`, () => expect(parseDuration(text)).toEqual({ ok: true, minutes }));
  }

  it('refuses a duration longer than a map may hold (ten years), which a map with it would not be valid', () => {
    expect(parseDuration('3650d')).toEqual({ ok: true, minutes: 5_256_000 });
    for (const text of ['3651d', '9999d', '1000w', '99999999999999h']) {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain('longer than ten years');
    }
  });

  for (const text of ['-5m', 'soon', '2x', '3 fortnights', 'h']) {
    it(`refuses '${text}' with a message`, () => {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/duration|unit|negative/);
    });
  }

  it('writes minutes back as the shortest phrase', () => {
    expect([45, 120, 90, 4320, 0, 1500, undefined].map(formatDuration)).toEqual(['45m', '2h', '1h 30m', '3d', '0m', '1d 1h', '']);
  });

  it('round-trips what it writes', () => {
    for (const minutes of [1, 59, 61, 1439, 4321, 10081, 2.5]) {
      const back = parseDuration(formatDuration(minutes));
      expect(back).toEqual({ ok: true, minutes });
    }
  });
});
