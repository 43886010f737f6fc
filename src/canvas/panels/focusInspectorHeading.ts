/**
 * Gives the focus to the inspector's heading once it shows what was just selected from within it
 * (a step's join, a join's end): the button that had the focus is gone with the old content, and a
 * screen reader then says what the inspector now shows.
 */
export function focusInspectorHeading(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.inspector h2')?.focus());
}
