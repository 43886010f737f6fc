/**
 * Gives the keyboard to the finding after the one `from` is in (the one before, at the list's end;
 * the Findings tab, when it was the only one). Called as a waiver is sent: the form that had the
 * focus goes, and so does its finding from a list of the open ones, and the focus fell to the
 * page's body, from where Tab starts at the top of the page and a screen reader says nothing.
 * The next finding is also where a reviewer goes on to.
 */
export function focusNextFinding(from: Element): void {
  const own = from.closest('.finding')?.querySelector<HTMLElement>('.finding-open');
  const list = from.closest('.findings') ?? document;
  const buttons = [...list.querySelectorAll<HTMLElement>('.finding-open')];
  const at = own ? buttons.indexOf(own) : -1;
  const next = at < 0 ? undefined : (buttons[at + 1] ?? buttons[at - 1]);
  (next ?? document.getElementById('side-tab-findings'))?.focus();
}
