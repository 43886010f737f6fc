/** Wording shared by the rules' messages, so every finding names things and numbers the same way. */

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** "45 min": minutes per item as the findings state them (the UI formats durations itself). */
export const min = (value: number): string => `${round2(value)} min`;

/** "22%", "0.9%": one decimal at most. */
export const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

export const quote = (label: string): string => `'${label}'`;

/** "'A'", "'A' and 'B'", "'A', 'B' and 'C'", "'A', 'B', 'C' and 2 more" (of `total`, when only the first names are given). */
export function listOf(names: readonly string[], most = 3, total = names.length): string {
  if (total > most) return `${names.slice(0, most).join(', ')} and ${total - most} more`;
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Makes a finding's message fit after "because": "Manual hand-off …" → "manual hand-off …", "'X' is …" stays. */
export function lowerFirst(message: string): string {
  return /^[A-Z][a-z]/.test(message) ? message[0].toLowerCase() + message.slice(1) : message;
}
