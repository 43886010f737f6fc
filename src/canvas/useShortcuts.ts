import { useEffect } from 'react';
import { useStore } from '../store';
import { useDrawing } from './drawingState';
import { useSession } from './SessionContext';
import { shownMap } from './shownState';
import { stepElement } from './stepElement';

/**
 * Keyboard: undo/redo (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y), delete (Del/Backspace), duplicate
 * (Ctrl/Cmd+D), select all steps and joins (Ctrl/Cmd+A), rename the selected step on the canvas
 * (F2), Escape to clear the selection. Copy, cut and paste are the browser's own events
 * (clipboard.ts); J starts a join (useKeyboardConnect.ts). Typing in a field keeps the field's own keys.
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
      } else if (mod && key === 'a') {
        event.preventDefault();
        const { map, view } = useStore.getState();
        // What the canvas shows: today's map or the redesign.
        const shown = map ? shownMap(map, view) : null;
        select([...(shown?.steps ?? []), ...(shown?.joins ?? [])].map((e) => e.id));
      } else if (key === 'f2' && editable && selection.length === 1 && stepElement(selection[0])) {
        event.preventDefault();
        useDrawing.getState().rename(selection[0]);
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
