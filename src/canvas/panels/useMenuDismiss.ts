import { type RefObject, useEffect } from 'react';

/**
 * How an open menu goes away: a press anywhere outside it closes it, and Esc closes it and gives
 * the focus back to the button that opened it (`button`), where a keyboard user left off.
 */
export function useMenuDismiss(menu: RefObject<HTMLElement | null>, button: RefObject<HTMLElement | null>, open: boolean, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onPress = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node)) close();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation(); // the canvas's own Esc (clear the selection) is not for this key
      close();
      button.current?.focus();
    };
    document.addEventListener('mousedown', onPress);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onPress);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [menu, button, open, close]);
}
