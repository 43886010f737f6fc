import type { ReactFlowInstance } from '@xyflow/react';
import type { AnalysisResult } from '../../core/analyzer';
import { type MapState, mapInState } from '../../core/analyzer/map-state';
import type { StallMap } from '../../core/model';
import { MERMAID_MAX_TEXT, stateToMermaid } from '../../core/plan';
import { mapToSvg } from '../../core/picture/map-svg';
import type { MapView } from '../../store/uiSlice';
import { mapPngDataUrl } from '../export/picture';
import { pictureFromCanvas } from '../export/statePicture';
import type { PlanPicture } from './renderPlan';

const ALT: Record<MapState, string> = { now: 'The map, findings drawn', redesign: 'The redesigned map, findings drawn' };

/**
 * The printable plan's pictures, in the order of its Mermaid blocks: the redesign's on the first
 * page when the map has one, then today's map in the appendix (a state too large for Mermaid has
 * a sentence in its place, and no picture). A state on the canvas is the canvas's own picture,
 * unless it is large (statePicture.ts); any other (and both, from the compare view) is drawn by
 * the picture module (mapToSvg) with that state's own findings, as an SVG that prints sharp.
 */
export async function planPictures(flow: ReactFlowInstance, map: StallMap, analysis: Pick<AnalysisResult, 'findings' | 'redesign'>, view: MapView): Promise<PlanPicture[]> {
  const pictures: PlanPicture[] = [];
  for (const state of ['redesign', 'now'] as const) {
    const shown = mapInState(map, analysis, state);
    if (!shown || (stateToMermaid(map, analysis, state) ?? '').length > MERMAID_MAX_TEXT) continue;
    const url = pictureFromCanvas(shown.map, state, view) ? await mapPngDataUrl(flow) : svgDataUrl(mapToSvg(shown.map, { findings: shown.findings, title: state === 'redesign' ? `${map.title}: the redesign` : map.title }));
    pictures.push({ url, alt: ALT[state] });
  }
  return pictures;
}

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
