import { type RefObject, useEffect } from 'react';

const ITEM = '[role^="menuitem"]:not(:disabled)';

/**
 * The keys a menu answers to (WAI-ARIA's menu button): opened from the keyboard (`byKeyboard`), the
 * focus moves to its first item; the up and down arrows (and Home, End) go from item to item, round
 * at the ends, where a screen reader in a menu expects them to, and Tab alone did nothing it announced.
 */
export function useMenuKeys(menu: RefObject<HTMLElement | null>, open: boolean, byKeyboard: boolean): void {
  useEffect(() => {
    const root = menu.current;
    if (!open || !root) return;
    const items = () => [...root.querySelectorAll<HTMLElement>(ITEM)];
    if (byKeyboard) (items().find((el) => el.getAttribute('role') === 'menuitem') ?? items()[0])?.focus();
    const onKey = (event: KeyboardEvent) => {
      const list = items();
      if (!list.length || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
      const at = list.indexOf(document.activeElement as HTMLElement);
      const next = event.key === 'Home' ? 0 : event.key === 'End' ? list.length - 1 : (at + (event.key === 'ArrowDown' ? 1 : at < 0 ? 0 : -1) + list.length) % list.length;
      event.preventDefault();
      list[next]?.focus();
    };
    root.addEventListener('keydown', onKey);
    return () => root.removeEventListener('keydown', onKey);
  }, [menu, open, byKeyboard]);
}
