/**
 * Gives the focus to the element `selector` finds once the page has drawn what was just changed:
 * the element that had the focus went with the old content (the name prompt, the inspector's
 * previous step or join), and a screen reader then says where the person now is. `fallbacks`, in
 * order, for when the change took that element away too.
 */
export function focusWhenDrawn(selector: string, ...fallbacks: string[]): void {
  requestAnimationFrame(() => {
    for (const each of [selector, ...fallbacks]) {
      const element = document.querySelector<HTMLElement>(each);
      if (element) return element.focus();
    }
  });
}
