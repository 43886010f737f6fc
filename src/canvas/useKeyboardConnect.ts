import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { StallMap, Step } from '../core/model';
import { STEP_BOX } from '../core/layout/placement';
import { useStore } from '../store';
import { useDrawing } from './drawingState';
import { inReadingOrder } from './readingOrder';
import { bringIntoView } from './useAddStep';
import { useConnectSteps } from './useConnectSteps';
import { isTyping } from './useShortcuts';

/** The key that starts a join from the selected step. */
export const CONNECT_KEY = 'j';

/**
 * A join drawn with the keyboard: select a step, press J, pick the step it leads to with the
 * arrow keys (the nearest step that way) or Tab / Shift+Tab (every step in turn), Enter joins,
 * Escape cancels. The chosen step is outlined, and each choice is read out (drawingState's message).
 * Listens before React Flow (capture), so the arrows pick a step instead of moving the selection.
 */
export function useKeyboardConnect(map: StallMap, editable: boolean) {
  const flow = useReactFlow();
  const connectSteps = useConnectSteps(map);

  useEffect(() => {
    const stepById = (id: string | null) => map.steps.find((s) => s.id === id);
    const label = (id: string | null) => stepById(id)?.label ?? '';
    const show = (from: string, target: string | null) => {
      useDrawing.getState().connect({ from, target });
      const step = stepById(target);
      if (step?.position) bringIntoView(flow, { ...step.position, ...STEP_BOX });
      useDrawing.getState().say(joinPrompt(label(from), target === null ? null : label(target)));
    };

    const onKey = (event: KeyboardEvent) => {
      const drawing = useDrawing.getState();
      const active = drawing.connecting;
      if (!active) {
        if (!editable || event.key.toLowerCase() !== CONNECT_KEY || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
        const { selection } = useStore.getState();
        const from = selection.length === 1 ? stepById(selection[0]) : undefined;
        if (!from) return;
        event.preventDefault();
        if (from.kind === 'end') {
          drawing.say(`“${from.label}” is an end: no join leaves it.`);
          return;
        }
        show(from.id, firstTarget(from, candidates(map.steps, from.id)));
        return;
      }
      const handled = ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Tab', 'Enter', 'Escape'].includes(event.key);
      if (!handled) return;
      event.preventDefault();
      event.stopPropagation();
      const options = candidates(map.steps, active.from);
      if (event.key === 'Escape') {
        drawing.connect(null);
        drawing.say('No join made.');
      } else if (event.key === 'Enter') {
        drawing.connect(null);
        if (active.target && connectSteps(active.from, active.target)) drawing.say(`Joined “${label(active.from)}” to “${label(active.target)}”.`);
      } else if (event.key === 'Tab') {
        const at = options.findIndex((s) => s.id === active.target);
        const next = options[(at + (event.shiftKey ? -1 : 1) + options.length) % options.length];
        show(active.from, next?.id ?? null);
      } else {
        const current = stepById(active.target) ?? stepById(active.from);
        show(active.from, current ? (nearestToward(current, options, event.key) ?? active.target) : active.target);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [map, editable, flow, connectSteps]);

  // A step that went away (deleted by someone else): the join in progress ends with the step it
  // starts from; the step it would lead to is chosen afresh, and said (Enter did nothing, with the
  // removed step's name still on screen).
  useEffect(() => {
    const drawing = useDrawing.getState();
    const active = drawing.connecting;
    if (!active) return;
    const from = map.steps.find((s) => s.id === active.from);
    if (!from) drawing.connect(null);
    else if (active.target !== null && !map.steps.some((s) => s.id === active.target)) {
      const target = firstTarget(from, candidates(map.steps, from.id));
      drawing.connect({ from: from.id, target });
      const targetLabel = map.steps.find((s) => s.id === target)?.label ?? null;
      drawing.say(`The step chosen was removed. ${joinPrompt(from.label, targetLabel)}`);
    }
  }, [map.steps]);
}

/** What is read out while a join is drawn with the keyboard: the join on offer, or that there is none. */
function joinPrompt(from: string, target: string | null): string {
  return target === null ? `No step to join “${from}” to.` : `Join “${from}” to “${target}”? Enter joins, Escape cancels, arrows or Tab pick another step.`;
}

/** Steps a join from `from` may lead to, in reading order (left to right, then top to bottom). */
function candidates(steps: readonly Step[], from: string): Step[] {
  return steps
    .filter((s) => s.id !== from && s.kind !== 'start')
    .sort((a, b) => inReadingOrder(a.position, b.position));
}

/** The first step offered: the nearest one to the right (where the next step usually is), else the nearest. */
function firstTarget(from: Step, options: readonly Step[]): string | null {
  return nearestToward(from, options, 'ArrowRight') ?? nearest(from, options) ?? null;
}

const centre = (s: Step) => ({ x: (s.position?.x ?? 0) + STEP_BOX.width / 2, y: (s.position?.y ?? 0) + STEP_BOX.height / 2 });

function nearest(from: Step, options: readonly Step[]): string | undefined {
  const a = centre(from);
  let best: { id: string; d: number } | undefined;
  for (const s of options) {
    const b = centre(s);
    const d = Math.hypot(b.x - a.x, b.y - a.y);
    if (!best || d < best.d) best = { id: s.id, d };
  }
  return best?.id;
}

/** The step nearest to `from` in an arrow's direction; steps off to the side count as farther. */
function nearestToward(from: Step, options: readonly Step[], key: string): string | undefined {
  const a = centre(from);
  let best: { id: string; score: number } | undefined;
  for (const s of options) {
    if (s.id === from.id) continue;
    const b = centre(s);
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const [along, across] = key === 'ArrowRight' ? [dx, dy] : key === 'ArrowLeft' ? [-dx, dy] : key === 'ArrowDown' ? [dy, dx] : [-dy, dx];
    if (along <= 0) continue;
    const score = along + 2 * Math.abs(across);
    if (!best || score < best.score) best = { id: s.id, score };
  }
  return best?.id;
}
