import { getNodesBounds, getViewportForBounds, type ReactFlowInstance } from '@xyflow/react';
import { toPng } from 'html-to-image';
import type { Finding } from '../../core/analyzer';
import type { StallMap } from '../../core/model';
import { mapToSvg } from '../../core/picture/map-svg';
import { addPngText, MAP_KEYWORD } from '../../core/picture/png-text';
import { addSvgMap } from '../../core/picture/svg-text';
import { useStore } from '../../store';
import { withJoinLabels } from '../edges/labelBounds';

const PADDING = 40;
/** Browsers refuse canvases much past 16k pixels a side; a huge map is scaled down to fit. */
const MAX_SIDE = 8000;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * A picture of the whole map (not just the visible part), findings drawn, as React Flow
 * recommends: html-to-image on the viewport element, transformed to frame every step.
 */
async function capture<T>(flow: ReactFlowInstance, render: (element: HTMLElement, options: Parameters<typeof toPng>[1]) => Promise<T>): Promise<T> {
  const { setExporting } = useStore.getState();
  setExporting(true);
  try {
    // Let React Flow render every node (not only the visible ones) and drop selection outlines.
    await nextFrame();
    await nextFrame();
    const bounds = withJoinLabels(flow, getNodesBounds(flow.getNodes()));
    const scale = Math.min(1, MAX_SIDE / Math.max(bounds.width + 2 * PADDING, bounds.height + 2 * PADDING));
    const width = Math.ceil((bounds.width + 2 * PADDING) * scale);
    const height = Math.ceil((bounds.height + 2 * PADDING) * scale);
    const viewport = getViewportForBounds(bounds, width, height, scale, scale, 0);
    const element = document.querySelector<HTMLElement>('.react-flow__viewport');
    if (!element) throw new Error('the canvas is not on screen');
    return await render(element, {
      backgroundColor: '#ffffff',
      width,
      height,
      pixelRatio: 1,
      style: { width: `${width}px`, height: `${height}px`, transform: `translate(${viewport.x}px, ${viewport.y}px) scale(${viewport.zoom})` },
    });
  } finally {
    setExporting(false);
  }
}

/** PNG bytes with the map's JSON in an iTXt chunk, so importing the picture gives the map back. */
export async function mapPng(flow: ReactFlowInstance, mapJson: string): Promise<Uint8Array> {
  const dataUrl = await capture(flow, toPng);
  return addPngText(dataUrlBytes(dataUrl), MAP_KEYWORD, mapJson);
}

/**
 * A plain SVG of `drawn` (shapes, paths and text, drawn from the map itself, not captured from
 * the page: slide decks and design tools show it), with the map's JSON in a <metadata> element.
 * `drawn` is what the picture shows: the map, or its redesign as a map of its own steps and joins.
 */
export function mapSvg(drawn: Pick<StallMap, 'title' | 'steps' | 'joins'>, findings: readonly Finding[], mapJson: string): string {
  return addSvgMap(mapToSvg(drawn, { findings }), mapJson);
}

function dataUrlBytes(dataUrl: string): Uint8Array {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
