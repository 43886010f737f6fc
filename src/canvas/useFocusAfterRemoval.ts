import { type RefObject, useEffect, useRef } from 'react';
import { useDrawing } from './drawingState';

/** A step as React Flow draws it, or as a box drawn from afar (FarSteps): both reached with Tab. */
const STEP = '.react-flow__node[data-id], [data-step-id][tabindex]';

const stepId = (el: Element) => el.getAttribute('data-id') ?? el.getAttribute('data-step-id');

/**
 * When the step (or join) the keyboard is on goes away (deleted with Del, cut, undone, or deleted by
 * a colleague), the focus would fall to the page's body, and a keyboard user would start again from
 * the top of the page, a screen reader saying nothing. It goes to the next step in reading order
 * (`nodes`' order; the one before when it was the last), else to the canvas (`canvas`).
 * Chromium says the focus left (focusout) as the element goes; other browsers do not, so the nodes
 * changing is a second cue.
 */
export function useFocusAfterRemoval(nodes: readonly { id: string }[], canvas: RefObject<HTMLElement | null>): void {
  // The last order the focused step was in: the nodes change again (the selection clears) after it goes.
  const order = useRef(nodes);
  const focused = useRef<HTMLElement | null>(null);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;

  useEffect(() => {
    const id = focused.current && stepId(focused.current);
    if (id && nodes.some((n) => n.id === id)) order.current = nodes;
    const frame = requestAnimationFrame(() => refocus(focused, order.current, canvas.current));
    return () => cancelAnimationFrame(frame);
  }, [nodes, canvas]);

  useEffect(() => {
    const root = canvas.current;
    if (!root) return;
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target as HTMLElement;
      focused.current = target.matches(`${STEP}, .react-flow__edge`) ? target : null;
      order.current = nodesRef.current;
    };
    const onFocusOut = (event: FocusEvent) => {
      const left = event.target as HTMLElement;
      if (left !== focused.current || event.relatedTarget) return;
      requestAnimationFrame(() => {
        // Still in the page: the person moved the focus away themselves (a click on the pane).
        if (left.isConnected) focused.current = null;
        else refocus(focused, order.current, root);
      });
    };
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('focusout', onFocusOut);
    };
  }, [canvas]);
}

function refocus(focused: { current: HTMLElement | null }, order: readonly { id: string }[], root: HTMLElement | null): void {
  const gone = focused.current;
  if (!gone || gone.isConnected || !root) return;
  focused.current = null;
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return; // the focus went somewhere already
  const id = stepId(gone);
  const place = (gone.matches(STEP) && id && nearbyStep(id, order, root)) || holdingFocus(root);
  place.focus();
  // The step now focused is read out; this says why the focus moved (a colleague's deletion is otherwise silent).
  const name = gone.getAttribute('aria-label');
  if (name) useDrawing.getState().say(`Removed: ${name}.`);
}

/**
 * The canvas, made able to take the focus until it loses it. Not for good: a canvas that can be
 * focused takes the focus on every press on the pane, a change no mouse user asked for.
 */
function holdingFocus(root: HTMLElement): HTMLElement {
  root.tabIndex = -1;
  root.addEventListener('blur', () => root.removeAttribute('tabindex'), { once: true });
  return root;
}

/** The step drawn after `id` in the order it had, else the one before, among those still drawn. */
function nearbyStep(id: string, order: readonly { id: string }[], root: HTMLElement): HTMLElement | undefined {
  const at = order.findIndex((n) => n.id === id);
  if (at < 0) return undefined;
  const drawn = new Map<string, HTMLElement>();
  for (const el of root.querySelectorAll<HTMLElement>(STEP)) {
    const key = stepId(el);
    if (key && !drawn.has(key)) drawn.set(key, el);
  }
  for (let i = at + 1; i < order.length; i++) {
    const el = drawn.get(order[i].id);
    if (el) return el;
  }
  for (let i = at - 1; i >= 0; i--) {
    const el = drawn.get(order[i].id);
    if (el) return el;
  }
  return undefined;
}
