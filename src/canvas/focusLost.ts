/**
 * Whether the keyboard's focus has fallen to the page's body: the element it was on went from the
 * page (a button a confirmation replaced, a control a colleague's change took away). A screen
 * reader then says nothing, and Tab starts again from the top. Focus a person moved somewhere
 * themselves is not lost, and is left where it is.
 */
export function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}
