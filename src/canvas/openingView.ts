import { getViewportForBounds, type Rect, type Viewport } from '@xyflow/system';
import { boundsOf } from '../core/layout/bounds';

/** A step's label as canvas.css draws it (`.step-label`): the text a step is read by. */
export const STEP_LABEL_PX = 14;
/** The smallest text most people read on a screen without leaning in, in screen pixels. */
export const READABLE_PX = 10;
/** The least zoom at which a step's label reads (10 px of its 14): about 0.71. */
export const READABLE_ZOOM = READABLE_PX / STEP_LABEL_PX;
/**
 * Up to this many steps a map is of a workshop's size: opened where its text reads, the rest of it
 * is a pan or two away. A larger map opens at the whole of it: its labels could not be read at any
 * zoom that shows much of it, and the overview (boxes, the minimap) is what finds one's way there.
 */
export const WORKSHOP_STEPS = 50;
/** Room between the canvas's edge and the steps a map opens at, in screen pixels. */
const MARGIN_PX = 40;
/** As React Flow fits a view: a tenth of the steps' size left around them. */
const FIT_PADDING = 0.1;
/** A fitted view zooms in no further than the steps' own size: a small map is not blown up. */
const FIT_MAX_ZOOM = 1;

/** A step where the canvas draws it, in the map's units, and whether the work starts there (a Start step). */
export interface PlacedStep extends Rect {
  start: boolean;
}

/**
 * The least zoom a map of `count` steps may open at before it opens at its beginning instead (see
 * openingViewport): a workshop's map where its text reads; none for a larger one, which opens whole.
 */
export const openingFloor = (count: number): number | null => (count <= WORKSHOP_STEPS ? READABLE_ZOOM : null);

/**
 * Where a map opens on a screen of `screen` pixels: the whole map fitted (zoomed in no further than
 * 1, out no further than `minZoom`), unless that is further out than `floor`. Then it opens at
 * `floor` at its beginning: its Start steps in view, as near the map's top left as they allow;
 * along a side where the map fits at that zoom it is centred (a line's height), and along one where
 * it does not, its first part shows (a line's left end, a tall map's top), the rest a pan away.
 */
export function openingViewport(steps: readonly PlacedStep[], screen: { width: number; height: number }, options: { minZoom: number; floor: number | null }): Viewport {
  if (!steps.length) return { x: 0, y: 0, zoom: 1 };
  const bounds = boundsOf(steps);
  const { floor } = options;
  // How far the whole map would be zoomed out to fit, were there no least zoom.
  const whole = getViewportForBounds(bounds, screen.width, screen.height, 0, FIT_MAX_ZOOM, FIT_PADDING).zoom;
  if (floor === null || whole >= floor) return getViewportForBounds(bounds, screen.width, screen.height, options.minZoom, FIT_MAX_ZOOM, FIT_PADDING);
  const starts = steps.filter((step) => step.start);
  const start = starts.length ? boundsOf(starts) : { x: bounds.x, y: bounds.y, width: 0, height: 0 };
  const left = beginning(bounds.x, bounds.width, start.x, start.width, screen.width / floor, MARGIN_PX / floor);
  const top = beginning(bounds.y, bounds.height, start.y, start.height, screen.height / floor, MARGIN_PX / floor);
  return { x: -left * floor, y: -top * floor, zoom: floor };
}

/**
 * Along one side, where the view begins (in the map's units) to show the map from `from` over
 * `length`, whose start runs from `startFrom` over `startLength`, in a view `view` long with
 * `margin` of room at either end: centred if it fits; else from the map's first part, moved on only
 * as far as the start needs to be in view (never past the start's own beginning).
 */
function beginning(from: number, length: number, startFrom: number, startLength: number, view: number, margin: number): number {
  if (length + 2 * margin <= view) return from + length / 2 - view / 2;
  const startInView = startFrom + startLength + margin - view;
  return Math.min(Math.max(from - margin, startInView), startFrom - margin);
}
