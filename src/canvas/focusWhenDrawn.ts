/**
 * Gives the focus to the element `selector` finds once the page has drawn what was just changed:
 * the element that had the focus went with the old content (the name prompt, the inspector's
 * previous step or join), and a screen reader then says where the person now is.
 */
export function focusWhenDrawn(selector: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
}
