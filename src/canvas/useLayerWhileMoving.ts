import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * While a person moves the view (a pan, a wheel or pinch zoom) the canvas carries `is-moving`,
 * which gives the viewport `will-change: transform` (drawing.css): the browser then draws the map
 * into a layer of its own once and moves the layer, instead of drawing every step and join again
 * on every frame (a pan at fit view on 5,000 steps drew 11,000 shapes a frame). Only while moving:
 * a layer keeps the scale it was drawn at, so its text would stay blurred after a zoom; taking
 * the hint away at the end draws the map once more, sharp. A class on the element, not state, so
 * a move's start and end render nothing.
 *
 * Not for the view's own animations (a fit after auto-layout, going to a finding: React Flow
 * passes them no event), and dropped as soon as what is drawn changes under a move (the steps and
 * joins as drawn: a layout's positions arriving, someone else's edits). With the hint on while a
 * map's thousands of shapes were drawn again, Chrome sorting them into layers under the moving
 * one took 7 to 26 seconds in one task, in half the runs of a 5,000-step auto-layout. What changes
 * is drawn afresh either way.
 */
export function useLayerWhileMoving(steps: readonly unknown[], joins: readonly unknown[]) {
  const canvas = useRef<HTMLDivElement>(null);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) canvas.current?.classList.add('is-moving');
  }, []);
  const onMoveEnd = useCallback(() => canvas.current?.classList.remove('is-moving'), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when what is drawn changes, which it need not read
  useLayoutEffect(() => {
    canvas.current?.classList.remove('is-moving');
  }, [steps, joins]);
  return { canvas, onMoveStart, onMoveEnd };
}
