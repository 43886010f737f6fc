/**
 * Durations typed as people say them: "45m", "2h", "1h 30m", "3d", "1.5h", "90".
 * A bare number is minutes. A day is 24 hours and a week 7 days, as a wait on the
 * calendar is counted (a weekly committee's wait of 4320 min is 3d).
 */
const UNIT_MINUTES: Record<string, number> = {
  m: 1, min: 1, mins: 1, minute: 1, minutes: 1,
  h: 60, hr: 60, hrs: 60, hour: 60, hours: 60,
  d: 1440, day: 1440, days: 1440,
  w: 10080, wk: 10080, week: 10080, weeks: 10080,
};

export type DurationResult = { ok: true; minutes: number | undefined } | { ok: false; message: string };

/**
 * The longest duration a map holds: ten years of minutes per item (the schema's bound, which keeps
 * every sum finite). Nothing real comes near it; a typo does, and a map holding one is not valid.
 */
export const MAX_MINUTES = 5_256_000;

/** Parses a duration; empty text means "not set". Never clamps: a bad value is refused with a reason. */
export function parseDuration(input: string): DurationResult {
  const text = input.trim().toLowerCase();
  if (text === '') return { ok: true, minutes: undefined };
  if (text.startsWith('-')) return { ok: false, message: 'a duration cannot be negative' };
  const part = /(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)/y;
  let total = 0;
  let index = 0;
  let parts = 0;
  while (index < text.length) {
    part.lastIndex = index;
    const match = part.exec(text);
    if (!match) return { ok: false, message: `'${input.trim()}' is not a duration: try 45m, 2h or 3d` };
    const unit = match[2] || 'm';
    const factor = UNIT_MINUTES[unit];
    if (factor === undefined) return { ok: false, message: `unknown unit '${unit}': use m, h, d or w` };
    total += Number(match[1]) * factor;
    parts += 1;
    index = part.lastIndex;
    while (text[index] === ' ' || text[index] === ',') index += 1;
  }
  if (parts === 0 || !Number.isFinite(total)) return { ok: false, message: `'${input.trim()}' is not a duration` };
  if (total > MAX_MINUTES) return { ok: false, message: `'${input.trim()}' is longer than ten years (3,650d), the most a duration may be` };
  return { ok: true, minutes: Math.round(total * 100) / 100 };
}

/**
 * The units a duration is written in, largest first. Built once: formatDuration runs for nearly
 * every finding's message (thousands per analysis of a large map), and a table made per call was
 * about 1.5 MB of garbage per analysis of 5,000 steps.
 */
const FORMAT_UNITS: readonly (readonly [name: string, minutes: number])[] = [['w', 10080], ['d', 1440], ['h', 60], ['m', 1]];

/** Minutes as the shortest exact phrase people read: 45m, 2h, 1h 30m, 3d. */
export function formatDuration(minutes: number | undefined): string {
  if (minutes === undefined) return '';
  if (minutes === 0) return '0m';
  let text = '';
  let rest = minutes;
  for (const [name, size] of FORMAT_UNITS) {
    if (rest >= size) {
      const count = name === 'm' ? Math.round(rest * 100) / 100 : Math.floor(rest / size);
      text += `${text ? ' ' : ''}${count}${name}`;
      rest -= count * size;
    }
  }
  return text || `${minutes}m`;
}
