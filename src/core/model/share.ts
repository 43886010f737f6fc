/**
 * Shares typed as people say them: "40%", "40 %", "40" or "0.4". A bare number above 1 is a
 * percentage; 1 or below is a fraction ("1" is everything, "0.5" is half).
 */
export type ShareResult = { ok: true; share: number | undefined } | { ok: false; message: string };

/** Parses a share; empty text means "not set". Never clamps: a share outside 0–100% is refused with a reason. */
export function parseShare(input: string): ShareResult {
  const text = input.trim();
  if (text === '') return { ok: true, share: undefined };
  if (text.startsWith('-')) return { ok: false, message: 'a share cannot be negative' };
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(text);
  if (!match) return { ok: false, message: `'${text}' is not a share: try 40% or 0.4` };
  const number = Number(match[1]);
  const share = match[2] || number > 1 ? number / 100 : number;
  // A bare number above 1 was read as a percentage: say so, so "140" is not a puzzle.
  if (share > 1) return { ok: false, message: `a share cannot be above 100%${match[2] ? '' : ` (${text} reads as ${formatShare(share)})`}` };
  return { ok: true, share: Math.round(share * 10000) / 10000 };
}

/** A share as a percentage with at most one decimal: 0.4 → "40%", 0.125 → "12.5%". */
export function formatShare(share: number | undefined): string {
  return share === undefined ? '' : `${Math.round(share * 1000) / 10}%`;
}
