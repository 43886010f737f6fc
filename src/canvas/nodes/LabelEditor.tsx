import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from '../../store';
import { useDrawing } from '../drawingState';
import { useSession } from '../SessionContext';
import { stepElement } from '../stepElement';

/** A step's label, at most this long (the map format's limit). */
const MAX_LABEL = 200;

/**
 * The label typed on the canvas itself (after adding a step, a double-click, or F2): Enter keeps
 * it and gives the keyboard back to the canvas, Escape leaves the label as it was, Tab keeps it and
 * goes on in the inspector with the next field (the hand-off, the owner, the durations).
 */
export function LabelEditor({ stepId, label }: { stepId: string; label: string }) {
  const { commands } = useSession();
  const [draft, setDraft] = useState(label);
  const done = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  // React Flow shows a new step (visibility) only once it has measured it, and a hidden field
  // cannot take the focus: try again each frame until it does.
  useEffect(() => {
    let frame = 0;
    let tries = 60;
    const take = () => {
      const field = input.current;
      if (!field || done.current) return;
      field.focus();
      if (document.activeElement === field) field.select();
      else if (tries-- > 0) frame = requestAnimationFrame(take);
    };
    take();
    return () => {
      cancelAnimationFrame(frame);
      // Gone without Enter, Escape or a blur: its step was deleted (by a colleague, or an undo).
      // The rename ends with it; left open, it came back with the step (a colleague's undo) and
      // took this person's keyboard, typing into a label they were not renaming.
      if (!done.current && useDrawing.getState().renaming === stepId) useDrawing.getState().rename(null);
    };
  }, [stepId]);

  const finish = (keep: boolean) => {
    if (done.current) return;
    done.current = true;
    const text = draft.trim();
    if (keep && text && text !== label) commands.updateStep(stepId, { label: text });
    if (useDrawing.getState().renaming === stepId) useDrawing.getState().rename(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === 'Escape') {
      event.preventDefault();
      finish(event.key === 'Enter');
      stepElement(stepId)?.focus();
    } else if (event.key === 'Tab' && !event.shiftKey) {
      event.preventDefault();
      finish(true);
      useStore.getState().showTab('inspector');
      focusAfterLabel(stepId);
    }
  };

  return (
    <input
      ref={input}
      className="step-label-editor nodrag nopan nowheel"
      aria-label="Step label"
      value={draft}
      maxLength={MAX_LABEL}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(true)}
    />
  );
}

/**
 * Focuses the inspector's field after the label, once the inspector shows this step (it renders a
 * frame or two after the selection changes). Falls back to the label field itself.
 */
function focusAfterLabel(stepId: string, tries = 30): void {
  const panel = document.querySelector<HTMLElement>('.inspector');
  const showing = panel?.querySelector('.inspector-id')?.textContent?.trim() === `id ${stepId}`;
  if (!panel || !showing) {
    if (tries > 0) requestAnimationFrame(() => focusAfterLabel(stepId, tries - 1));
    return;
  }
  const fields = [...panel.querySelectorAll<HTMLElement>('input, select, textarea, button')].filter(
    (el) => !(el as HTMLInputElement).disabled && el.tabIndex >= 0 && el.offsetParent !== null,
  );
  const at = fields.findIndex((el) => el.getAttribute('name') === 'label');
  (fields[at + 1] ?? fields[at])?.focus();
}
