/** Wording shared by the rules' messages, so every finding names things and numbers the same way. */
import { formatDuration } from '../model/duration';

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * Minutes as the product says them everywhere (the summary, the inspector, findings, the CLI, the
 * plan): "45m", "4h 21m", "3d". Whole minutes from ten up, so "2d 6h" is never "2d 6h 0.25m";
 * the one formatter every finding, impact and sentence uses.
 */
export const duration = (minutes: number): string => (Number.isFinite(minutes) ? formatDuration(shownMinutes(minutes)) : 'an unknown time');

/** Minutes rounded as `duration` shows them: a change between two shown figures is computed from these, so it adds up. */
export const shownMinutes = (minutes: number): number => (minutes >= 10 ? Math.round(minutes) : round2(minutes));

/**
 * Staff minutes and staff hours as the product says them everywhere (the summary line, the compare
 * view, the CLI, the plan): whole from ten up, one decimal below, grouped by thousands: "58",
 * "7.5", "4,930". One formatter, so the page, the plan and the CLI never give a board 88 and 87.5
 * for the same figure.
 */
export const amount = (value: number): string => shownAmount(value).toLocaleString('en');

/** A number rounded as `amount` shows it. */
export const shownAmount = (value: number): number => (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10);

/** "22%", "0.9%": one decimal at most. */
export const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

export const quote = (label: string): string => `'${label}'`;

/**
 * The article before a figure as it is read aloud: "an 8h wait", "an 11m wait", "an 18h wait", but
 * "a 1h wait" and "a 3d wait". A board reads the findings; "a 8h wait" reads as a typo.
 */
export const articleFor = (figure: string): 'a' | 'an' => (/^(8|11(?!\d)|18(?!\d))/.test(figure) ? 'an' : 'a');

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
