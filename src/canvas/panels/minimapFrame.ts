/** A rectangle in the map's own (flow) coordinates. */
export interface FlowRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where the minimap puts the map: a flow point (fx, fy) is drawn at ((fx - x) * scale, (fy - y) * scale)
 * CSS pixels from the minimap's top-left corner.
 */
export interface MinimapFrame {
  /** Minimap pixels per flow unit. */
  scale: number;
  /** The flow point at the minimap's top-left corner. */
  x: number;
  y: number;
}

/** The part of the map on screen, from React Flow's transform ([x, y, zoom]) and the canvas's size in pixels. */
export function viewOf(transform: readonly [number, number, number], width: number, height: number): FlowRect {
  const [x, y, zoom] = transform;
  return { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
}

/**
 * How the minimap frames the map, as React Flow's own minimap does: the steps' bounds joined
 * with the view (so the view's rectangle is always inside it), fitted into the minimap's size
 * with `padding` pixels on each side and centred. `steps` is null when no step is drawn.
 */
export function minimapFrame(steps: FlowRect | null, view: FlowRect, size: { width: number; height: number }, padding = 5): MinimapFrame {
  const bounds = steps ? union(steps, view) : view;
  const roomWidth = Math.max(1, size.width - 2 * padding);
  const roomHeight = Math.max(1, size.height - 2 * padding);
  // A map of nothing (no step, a canvas not yet measured) still gets a finite scale.
  const scale = Math.min(roomWidth / (bounds.width || 1), roomHeight / (bounds.height || 1));
  return {
    scale,
    x: bounds.x - (size.width / scale - bounds.width) / 2,
    y: bounds.y - (size.height / scale - bounds.height) / 2,
  };
}

function union(a: FlowRect, b: FlowRect): FlowRect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}
