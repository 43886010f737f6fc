import type { InternalNode, Node } from '@xyflow/react';
import { minimapFrame, type FlowRect, type MinimapFrame } from './minimapFrame';

/** The minimap's colours, as CSS colour strings a 2D context takes. */
export interface MinimapColours {
  /** Per step kind ("ai", "human", …). */
  kinds: Record<string, string>;
  /** A step of no known kind. */
  other: string;
  /** The translucent fill over the part of the map that is off screen. */
  mask: string;
  /** The outline of the part on screen. */
  view: string;
  /** The outline of a selected step. */
  selected: string;
}

/**
 * Draws the whole minimap into `context`, whose canvas is `size` CSS pixels at `pixelRatio`
 * device pixels each: every shown step as a box in its kind's colour (one path per colour, so a
 * map of thousands of steps is a handful of fills), selected steps outlined, the map off screen
 * masked and the view outlined. Boxes are snapped to whole device pixels: crisp, and never less
 * than one pixel, so a step of a huge map still shows. Returns the frame it drew with.
 */
export function drawMinimap(
  context: CanvasRenderingContext2D,
  nodes: ReadonlyMap<string, InternalNode>,
  view: FlowRect,
  size: { width: number; height: number },
  pixelRatio: number,
  colours: MinimapColours,
): MinimapFrame {
  const frame = minimapFrame(stepBounds(nodes.values()), view, size);
  const k = frame.scale * pixelRatio;
  const toX = (x: number) => Math.round((x - frame.x) * k);
  const toY = (y: number) => Math.round((y - frame.y) * k);
  const backingWidth = context.canvas.width;
  const backingHeight = context.canvas.height;

  const line = Math.max(1, Math.round(pixelRatio));
  const byColour = new Map<string, Path2D>();
  const selected = new Path2D();
  let anySelected = false;
  for (const node of nodes.values()) {
    const box = boxOf(node);
    if (!box) continue;
    const left = toX(box.x);
    const top = toY(box.y);
    const width = Math.max(1, toX(box.x + box.width) - left);
    const height = Math.max(1, toY(box.y + box.height) - top);
    const colour = colours.kinds[kindOf(node)] ?? colours.other;
    let path = byColour.get(colour);
    if (!path) {
      path = new Path2D();
      byColour.set(colour, path);
    }
    path.rect(left, top, width, height);
    if (node.selected) {
      // Just outside the box, as a selected step's outline sits outside it on the canvas.
      selected.rect(left - line / 2, top - line / 2, width + line, height + line);
      anySelected = true;
    }
  }

  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, backingWidth, backingHeight);
  for (const [colour, path] of byColour) {
    context.fillStyle = colour;
    context.fill(path);
  }
  if (anySelected) {
    context.strokeStyle = colours.selected;
    context.lineWidth = line;
    context.stroke(selected);
  }

  // Everything off screen under a translucent veil: the whole canvas, less the view (even-odd).
  const viewLeft = toX(view.x);
  const viewTop = toY(view.y);
  const viewWidth = toX(view.x + view.width) - viewLeft;
  const viewHeight = toY(view.y + view.height) - viewTop;
  const mask = new Path2D();
  mask.rect(0, 0, backingWidth, backingHeight);
  mask.rect(viewLeft, viewTop, viewWidth, viewHeight);
  context.fillStyle = colours.mask;
  context.fill(mask, 'evenodd');
  context.strokeStyle = colours.view;
  context.lineWidth = line;
  context.strokeRect(viewLeft + line / 2, viewTop + line / 2, Math.max(0, viewWidth - line), Math.max(0, viewHeight - line));
  return frame;
}

/**
 * Whether the minimap would draw these steps as it drew those: the same boxes, kinds and
 * selection. A keystroke in a label makes a new node for its step, and a redraw of a thousand
 * boxes for it was a frame's worth of work in the middle of typing.
 */
export function drawnTheSame(before: readonly Node[], after: readonly Node[]): boolean {
  if (before === after) return true;
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const [was, is] = [before[i], after[i]];
    if (was === is) continue;
    const same =
      was.id === is.id &&
      was.position.x === is.position.x &&
      was.position.y === is.position.y &&
      was.measured?.width === is.measured?.width &&
      was.measured?.height === is.measured?.height &&
      was.width === is.width &&
      was.height === is.height &&
      !!was.selected === !!is.selected &&
      kindOf(was) === kindOf(is);
    if (!same) return false;
  }
  return true;
}

/** A step's box in flow coordinates (a step held hidden is drawn from afar, FarSteps: it is on the map), or null for one not yet sized. */
function boxOf(node: InternalNode): FlowRect | null {
  const width = node.measured?.width ?? node.width ?? node.initialWidth;
  const height = node.measured?.height ?? node.height ?? node.initialHeight;
  if (!width || !height) return null;
  const { x, y } = node.internals.positionAbsolute;
  return { x, y, width, height };
}

function stepBounds(nodes: Iterable<InternalNode>): FlowRect | null {
  let left = Number.POSITIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const node of nodes) {
    const box = boxOf(node);
    if (!box) continue;
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return left === Number.POSITIVE_INFINITY ? null : { x: left, y: top, width: right - left, height: bottom - top };
}

function kindOf(node: Node): string {
  return (node.data as { step?: { kind?: string } }).step?.kind ?? '';
}
