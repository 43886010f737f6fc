import type { AnalysisResult } from '../../core/analyzer';
import { type MapState, mapInState } from '../../core/analyzer/map-state';
import type { StallMap } from '../../core/model';
import { MERMAID_MAX_TEXT, stateToMermaid } from '../../core/plan';
import type { Room } from '../../core/picture/fold-rows';
import { mapToSvg } from '../../core/picture/map-svg';
import type { PlanPicture } from './renderPlan';

const ALT: Record<MapState, string> = { now: 'The map, findings drawn', redesign: 'The redesigned map, findings drawn' };

/** Millimetres on paper in CSS pixels, as the browser prints them. */
const MM = 96 / 25.4;

/**
 * The room each picture has on paper (plan.css): the page's width inside its 15 mm margins on
 * A4 and Letter alike (180 mm), and in height 60 mm for the redesign on the first page, below
 * the summary, or what a page leaves under the appendix's heading and its line (225 mm).
 */
const ROOM: Record<MapState, Room> = {
  redesign: { width: 180 * MM, height: 60 * MM },
  now: { width: 180 * MM, height: 225 * MM },
};

/**
 * The printable plan's pictures, in the order of its Mermaid blocks: the redesign's on the first
 * page when the map has one, then today's map in the appendix (a state too large for Mermaid has
 * a sentence in its place, and no picture). Each is the picture module's drawing (mapToSvg) with
 * that state's own findings, an SVG that prints sharp, folded into rows where that draws a long
 * map larger in its room on paper: a one-line workflow printed at the page's width was a strip
 * whose labels no board member could read.
 */
export function planPictures(map: StallMap, analysis: Pick<AnalysisResult, 'findings' | 'redesign'>): PlanPicture[] {
  const pictures: PlanPicture[] = [];
  for (const state of ['redesign', 'now'] as const) {
    const shown = mapInState(map, analysis, state);
    if (!shown || (stateToMermaid(map, analysis, state) ?? '').length > MERMAID_MAX_TEXT) continue;
    const title = state === 'redesign' ? `${map.title}: the redesign` : map.title;
    pictures.push({ url: svgDataUrl(mapToSvg(shown.map, { findings: shown.findings, title, fitInto: ROOM[state] })), alt: ALT[state] });
  }
  return pictures;
}

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
