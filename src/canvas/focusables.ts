const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** Whether Tab can reach it: not disabled (by itself or by a disabled fieldset around it, which `:disabled` covers) and drawn. */
const reachable = (el: HTMLElement) => !el.matches(':disabled') && el.getClientRects().length > 0;

/** What Tab reaches inside `root`, in document order. */
export function focusablesIn(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(reachable);
}
