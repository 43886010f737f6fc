/**
 * The date on the calendar where this runs, as `2026-12-04`: the person's own day, not Greenwich's
 * (`toISOString` is UTC: a reviewer in Auckland at 09:00 on 4 December was dated the 3rd). A
 * waiver, a team score and the plan say when a person did something, in their words.
 */
export function calendarDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
