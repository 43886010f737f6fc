/**
 * Scrolls the list `item` is in to show it, top first (a card opened to its comments can be taller
 * than the list's box). Only that list: scrollIntoView also scrolls every box around it, the
 * page's overflow-hidden ones included, and would move the canvas and the bars out of place.
 */
export function showInList(item: HTMLElement): void {
  const list = item.closest<HTMLElement>('.findings');
  if (!list) return;
  const box = list.getBoundingClientRect();
  const card = item.getBoundingClientRect();
  if (card.top >= box.top && card.bottom <= box.bottom) return;
  list.scrollTop += card.top - box.top - 8;
}
