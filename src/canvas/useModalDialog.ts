import { type RefObject, useEffect, useRef, useState } from 'react';
import { focusablesIn } from './focusables';

/**
 * What a modal dialog owes a keyboard user: focus moves into it as it opens (unless something in
 * it took it already, by autoFocus); Tab and Shift+Tab go round inside it, never to the toolbar
 * behind, where a second dialog could be opened over the first; Esc closes it (or, first, a form in
 * it that Esc cancels); and focus goes back to what had it (the button that opened it) once it closes.
 */
export function useModalDialog(ref: RefObject<HTMLElement | null>, onClose: () => void): void {
  // Read while rendering, before the dialog (or an autoFocus in it) takes the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const focusables = () => focusablesIn(dialog);
    if (!dialog.contains(document.activeElement)) focusables()[0]?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        // A form in the dialog that Esc cancels (data-escape-cancels) takes the key: Esc closes the
        // last thing opened, the form, and the dialog stays with what else it holds.
        if (event.target instanceof Element && event.target.closest('[data-escape-cancels]')) return;
        event.preventDefault();
        event.stopPropagation(); // the canvas's own Esc (clear the selection) is not for this key
        close.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = focusables();
      if (items.length === 0) return;
      const [first, last] = [items[0], items[items.length - 1]];
      const inside = dialog.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === first || !inside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      if (opener?.isConnected) opener.focus();
    };
  }, [ref, opener]);
}
