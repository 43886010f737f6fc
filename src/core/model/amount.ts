/**
 * Counts and money typed as people write them: "1200", "1,200", "1 200", "85.50", "$85", "85 €".
 * Thousands may be grouped by commas or spaces; a currency sign is ignored (the map keeps a bare
 * number, in whatever currency the team thinks in).
 */
export type AmountResult = { ok: true; value: number | undefined } | { ok: false; message: string };

const CURRENCY = /^[$€£¥₹]\s*|\s*[$€£¥₹]$/g;

/** Parses a non-negative number; empty text means "not set". Never clamps: a bad value is refused with a reason. */
export function parseAmount(input: string, max = Number.MAX_SAFE_INTEGER): AmountResult {
  const text = input.trim().replace(CURRENCY, '');
  if (text === '') return { ok: true, value: undefined };
  if (text.startsWith('-')) return { ok: false, message: 'cannot be negative' };
  if (!/^(\d{1,3}([, ]\d{3})+|\d+)(\.\d+)?$|^\.\d+$/.test(text)) return { ok: false, message: `'${input.trim()}' is not a number` };
  const value = Number(text.replace(/[, ]/g, ''));
  if (!Number.isFinite(value)) return { ok: false, message: `'${input.trim()}' is not a number` };
  if (value > max) return { ok: false, message: `must be at most ${max.toLocaleString('en')}` };
  return { ok: true, value };
}
