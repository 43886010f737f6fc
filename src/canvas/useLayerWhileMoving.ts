import { useCallback, useRef } from 'react';

/**
 * While the view moves (a pan, a zoom, a fit's animation) the canvas carries `is-moving`, which
 * gives the viewport `will-change: transform` (drawing.css): the browser then draws the map into
 * a layer of its own once and moves the layer, instead of drawing every step and join again on
 * every frame (a pan at fit view on 5,000 steps drew 11,000 shapes a frame). Only while moving: a
 * layer keeps the scale it was drawn at, so its text would stay blurred after a zoom; taking the
 * hint away at the end draws the map once more, sharp. A class on the element, not state, so a
 * move's start and end render nothing.
 */
export function useLayerWhileMoving() {
  const canvas = useRef<HTMLDivElement>(null);
  const onMoveStart = useCallback(() => canvas.current?.classList.add('is-moving'), []);
  const onMoveEnd = useCallback(() => canvas.current?.classList.remove('is-moving'), []);
  return { canvas, onMoveStart, onMoveEnd };
}
