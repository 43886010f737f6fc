import { useEffect } from 'react';
import { useStore } from '../store';
import { useSession } from './SessionContext';

/**
 * Keyboard: undo/redo (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y), delete (Del/Backspace), duplicate
 * (Ctrl/Cmd+D), Escape to clear the selection. Typing in a field keeps the field's own keys.
 */
export function useShortcuts(editable: boolean) {
  const { commands, undo } = useSession();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const { selection, select } = useStore.getState();
      if (mod && key === 'z' && editable) {
        event.preventDefault();
        if (event.shiftKey) undo.redo();
        else undo.undo();
      } else if (mod && key === 'y' && editable) {
        event.preventDefault();
        undo.redo();
      } else if (mod && key === 'd' && editable && selection.length) {
        event.preventDefault();
        select([...commands.duplicate(selection).values()]);
      } else if ((key === 'delete' || key === 'backspace') && editable && selection.length) {
        event.preventDefault();
        commands.deleteElements(selection);
        select([]);
      } else if (key === 'escape') {
        select([]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands, undo, editable]);
}

/** Whether a key went to a field, which keeps its own keys (its own undo, its own letters). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
