import type { ReactFlowInstance } from '@xyflow/react';
import { analyze, type Finding } from '../../core/analyzer';
import { type MapState, mapInState } from '../../core/analyzer/map-state';
import { mapFileJson, type StallMap } from '../../core/model';
import { mapToSvg } from '../../core/picture/map-svg';
import { addPngText, MAP_KEYWORD } from '../../core/picture/png-text';
import type { MapView } from '../../store/uiSlice';
import { mapPng, mapSvg } from './picture';

/**
 * Pictures of either state of the map. Whichever state is drawn, the picture carries the whole
 * map (both states) inside, so importing it gives back what was exported from.
 */

/**
 * Whether the page's canvas (the flow that picture.ts captures) shows this state as the canvas
 * draws it. The compare view's panes carry its change marks, not the findings a picture shows, so
 * there both states are drawn by the picture module.
 */
function stateOnCanvas(state: MapState, view: MapView): boolean {
  return view === state;
}

/**
 * Past this many steps the canvas's own picture is not taken: html-to-image copies every element's
 * styles, so it grows with the map (a PNG of 10 steps in 0.8 s, 60 in 4.5 s, 150 in 12 s, 800 in
 * 79 s, 2,000 not in three minutes), where the picture module's drawing takes 2–3 s at any of
 * those sizes (BENCHMARKS.md, "Pictures of a large map"). A workshop's map keeps the canvas's own.
 */
export const CANVAS_PICTURE_MAX_STEPS = 50;

/** Whether a picture of this state is the canvas's own (html-to-image), not the picture module's drawing. */
export function pictureFromCanvas(drawn: Pick<StallMap, 'steps'>, state: MapState, view: MapView): boolean {
  return stateOnCanvas(state, view) && drawn.steps.length <= CANVAS_PICTURE_MAX_STEPS;
}

/** The state drawn by the picture module (picture.ts, mapSvg), its own findings marked, the whole map's JSON inside. */
export function stateSvg(map: StallMap, state: MapState): string {
  const { drawn, findings } = stateDrawing(map, state);
  return mapSvg(drawn, findings, mapFileJson(map));
}

/** The state as a map of its own, titled so a picture of the redesign says so, with its findings. */
function stateDrawing(map: StallMap, state: MapState): { drawn: StallMap; findings: readonly Finding[] } {
  const shown = mapInState(map, analyze(map), state) ?? { map, findings: [] };
  return { drawn: state === 'redesign' ? { ...shown.map, title: `${map.title}: the redesign` } : shown.map, findings: shown.findings };
}

/**
 * A PNG of the state: the canvas's own picture when the canvas shows it and it is not large, else
 * the picture module's drawing rasterised by the browser (the canvas cannot capture a state it
 * does not show, and takes minutes over a large one).
 */
export async function statePng(flow: ReactFlowInstance, map: StallMap, state: MapState, view: MapView): Promise<Uint8Array> {
  // Sized from the state's own steps: the drawing (and its analysis) is made only when it is used.
  if (pictureFromCanvas(state === 'redesign' && map.redesign ? map.redesign : map, state, view)) return mapPng(flow, mapFileJson(map));
  const { drawn, findings } = stateDrawing(map, state);
  return addPngText(await rasterise(mapToSvg(drawn, { findings })), MAP_KEYWORD, mapFileJson(map));
}

/** The SVG drawn on a canvas at twice its size (sharp on a slide), as PNG bytes. */
async function rasterise(svg: string): Promise<Uint8Array> {
  const image = new Image();
  image.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await image.decode();
    const scale = Math.min(2, 8000 / Math.max(image.naturalWidth, image.naturalHeight, 1));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw the picture');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('this browser cannot make a PNG of the picture');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(image.src);
  }
}
