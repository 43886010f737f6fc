/** A stored ISO time as the person's own clock and calendar say it ("3 Dec 2026, 13:40"); the text as it is if it is no time. */
export function localTime(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
