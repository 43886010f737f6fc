import { useMemo, useRef, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { useReactFlow, type NodeChange, type XYPosition } from '@xyflow/react';
import { useStore } from '../../store';
import { useDrawing } from '../drawingState';
import { selectAsClicked } from '../selectAsClicked';
import type { StepFlowNode } from './StepNode';
import { stepElement } from '../stepElement';

/** What a box drawn from afar (FarSteps) does with a gesture: the canvas's own handlers, so a box is moved and selected as a step React Flow draws. */
export interface FarStepGestures {
  /** Whether this page may move steps. */
  editable: boolean;
  /** React Flow's onNodesChange: a box's drag is handed the same position changes a drag of a whole step is. */
  onNodesChange(changes: NodeChange<StepFlowNode>[]): void;
  /** Called once a box starts moving, as React Flow's onNodeDragStart is. */
  onDragStart(id: string): void;
}

/** How far the pointer moves, in screen pixels, before a press on a box is a drag rather than a click (React Flow's own is 1). */
const DRAG_FROM_PX = 3;

interface Press {
  id: string;
  pointerId: number;
  from: { x: number; y: number };
  at: XYPosition;
  keys: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean };
  moved: XYPosition | null;
}

/**
 * The pointer and keyboard on the boxes drawn from afar, handled once for all of them on their
 * <svg>. A click selects the box's step (Shift, Ctrl or Cmd adds it to the selection), which
 * draws it whole; a drag selects it and moves it; a double-click renames it (where the map may be
 * changed); Enter or Space on a focused box selects it and moves the focus to the whole step,
 * where the keyboard goes on as on any step.
 */
export function useFarStepGestures({ editable, onNodesChange, onDragStart }: FarStepGestures) {
  const flow = useReactFlow();
  const press = useRef<Press | null>(null);
  return useMemo(() => {
    const move = (gesture: Press, to: XYPosition, dragging: boolean) => onNodesChange([{ id: gesture.id, type: 'position', position: to, dragging }]);
    return {
      onPointerDown(event: PointerEvent<SVGSVGElement>) {
        const id = stepIdOf(event.target);
        if (event.button !== 0 || !id) return;
        const at = flow.getInternalNode(id)?.position;
        if (!at) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        press.current = { id, pointerId: event.pointerId, from: { x: event.clientX, y: event.clientY }, at, keys: { shiftKey: event.shiftKey, ctrlKey: event.ctrlKey, metaKey: event.metaKey }, moved: null };
      },
      onPointerMove(event: PointerEvent<SVGSVGElement>) {
        const gesture = press.current;
        if (!gesture || gesture.pointerId !== event.pointerId || !editable) return;
        const dx = event.clientX - gesture.from.x;
        const dy = event.clientY - gesture.from.y;
        if (!gesture.moved) {
          if (Math.hypot(dx, dy) < DRAG_FROM_PX) return;
          onDragStart(gesture.id);
          useStore.getState().select([gesture.id]);
        }
        const zoom = flow.getZoom();
        gesture.moved = { x: gesture.at.x + dx / zoom, y: gesture.at.y + dy / zoom };
        move(gesture, gesture.moved, true);
      },
      onPointerUp(event: PointerEvent<SVGSVGElement>) {
        const gesture = press.current;
        if (!gesture || gesture.pointerId !== event.pointerId) return;
        press.current = null;
        boxClicked(gesture.moved ? null : gesture.id, event.timeStamp);
        if (gesture.moved) move(gesture, gesture.moved, false);
        else selectAsClicked(gesture.id, gesture.keys);
      },
      // Both clicks on the box: its second click lands on the <svg>, which holds the pointer.
      onDoubleClick(event: MouseEvent<SVGSVGElement>) {
        const id = stepIdOf(event.target) ?? lastClick?.id;
        if (editable && id) useDrawing.getState().rename(id);
      },
      onPointerCancel(event: PointerEvent<SVGSVGElement>) {
        const gesture = press.current;
        if (!gesture || gesture.pointerId !== event.pointerId) return;
        press.current = null;
        // Dropped where it was last seen: a drag is never left half done.
        if (gesture.moved) move(gesture, gesture.moved, false);
      },
      onKeyDown(event: KeyboardEvent<SVGSVGElement>) {
        const id = stepIdOf(event.target);
        if (!id || (event.key !== 'Enter' && event.key !== ' ')) return;
        event.preventDefault();
        selectAsClicked(id, event);
        focusWhenWhole(id);
      },
    };
  }, [editable, flow, onNodesChange, onDragStart]);
}

/** How soon a second click makes a double-click (the usual system setting). */
const DOUBLE_CLICK_MS = 500;

/** The last click on a box: the page's one pointer clicks one box at a time. */
let lastClick: { id: string; at: number } | null = null;

/** Notes a click on a box (`null`: a press that became a drag). */
export function boxClicked(id: string | null, at: number): void {
  lastClick = id ? { id, at } : null;
}

/**
 * Whether a click on a whole step is the second click of a double-click begun on its box. The
 * first click selects the step, which is then drawn whole: when that is quicker than the second
 * click, the second lands on the whole step, and the browser, seeing two different elements
 * clicked, makes no double-click of them.
 */
export function secondClickOnBox(id: string, at: number): boolean {
  const first = lastClick;
  lastClick = null;
  return first?.id === id && at - first.at < DOUBLE_CLICK_MS;
}

/**
 * The step a click on the pane renames, if it is the second click of a double-click begun on a
 * box and lands on that step: between the box going and the whole step being measured, React Flow
 * holds the step hidden (a frame, more on a busy machine), and the second click falls through
 * to the pane. `covers`: whether the click lands on the step of that id.
 */
export function secondClickThroughBox(covers: (id: string) => boolean, at: number): string | undefined {
  const first = lastClick;
  if (!first || at - first.at >= DOUBLE_CLICK_MS || !covers(first.id)) return undefined;
  lastClick = null;
  return first.id;
}

function stepIdOf(target: EventTarget): string | undefined {
  return target instanceof SVGElement && target.classList.contains('far-step') ? target.dataset.stepId : undefined;
}

/** Frames to wait for a selected step to be drawn whole before giving up on moving the focus to it. */
const FOCUS_WAIT_FRAMES = 10;

/** Moves the focus to the step React Flow draws once it is drawn: the box that had it is gone. */
function focusWhenWhole(id: string, frames = FOCUS_WAIT_FRAMES) {
  requestAnimationFrame(() => {
    const whole = stepElement(id);
    if (whole) whole.focus();
    else if (frames > 1) focusWhenWhole(id, frames - 1);
  });
}
