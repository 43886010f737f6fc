import '../../app/jitlessZod';
import type { Finding } from '../../core/analyzer';
import { templates } from '../../core/templates';
import type { Join, StallMap, Step } from '../../core/model';
import type { MapView } from '../../store/uiSlice';
import { shownAnalysis, type ShownAnalysis } from '../shownState';
import { ListReceiver, SameContentSender, type WireList } from './analysisWire';
import { warmWhileIdle } from './idleWarmUp';

/**
 * Runs the analyzer off the main thread, so a large map's findings follow its edits without a
 * long task on the page (offThreadAnalysis.ts decides which maps come here). The same
 * `shownAnalysis` as on the main thread: the map and its answer cross as plain data, their long
 * lists (steps, joins, findings) as a diff of the ones sent before (analysisWire.ts).
 */
export interface AnalysisRequest {
  id: number;
  /** The map without its steps and joins (and its redesign's), which come in `lists`. */
  map: StallMap;
  lists: { steps: WireList<Step>; joins: WireList<Join>; redesignSteps: WireList<Step>; redesignJoins: WireList<Join> };
  view: MapView;
}

type Analysis = ShownAnalysis['analysis'];

/**
 * The analysis without its lists of findings, which come in `findings`, `nowFindings` and
 * `redesignFindings` ('same': the same list as `findings`). A map with a redesign has the
 * redesign's findings too, as many as today's: 3.8 MB at 5,000 steps, cloned whole after every
 * edit until they were sent as a diff like the others.
 */
export interface WireAnalysis {
  analysis: Omit<Analysis, 'findings' | 'redesign'> & { redesign?: Omit<NonNullable<Analysis['redesign']>, 'findings'> };
  findings: WireList<Finding>;
  nowFindings: WireList<Finding> | 'same';
  redesignFindings?: WireList<Finding> | 'same';
  blocker?: string;
}

/**
 * Sent by a page that starts the worker before it has a map for it (a large map on its way): the
 * worker analyses the starting templates while it waits, so that the first map it is given is not
 * analysed by cold code. At 1,000 steps, the first analysis in a cold worker took 225-280 ms and
 * 110-150 ms after this (BENCHMARKS.md).
 */
export interface WarmUpRequest {
  warmUp: true;
}

/** Analyses of the templates a warm-up runs, one per task: together about 100-190 ms of a worker's time. */
const WARM_UP_RUNS = 60;

export type AnalysisAnswer = { id: number; result: WireAnalysis } | { id: number; error: string };

const received = { steps: new ListReceiver<Step>(), joins: new ListReceiver<Join>(), redesignSteps: new ListReceiver<Step>(), redesignJoins: new ListReceiver<Join>() };
const sent = { findings: new SameContentSender<Finding>(), nowFindings: new SameContentSender<Finding>(), redesignFindings: new SameContentSender<Finding>() };

let warming: { stop(): void } | undefined;

self.onmessage = (event: MessageEvent<AnalysisRequest | WarmUpRequest>) => {
  if ('warmUp' in event.data) {
    warming ??= warmWhileIdle((run) => shownAnalysis(templates[run % templates.length].map, 'now'), WARM_UP_RUNS);
    return;
  }
  // A map to analyse: warm or not, the code is as ready as it will get before it.
  warming?.stop();
  const { id, map: bare, lists, view } = event.data;
  // Every request is decoded, whatever happens next: the receivers follow the page's senders.
  const map: StallMap = { ...bare, steps: received.steps.decode(lists.steps), joins: received.joins.decode(lists.joins) };
  const redesignSteps = received.redesignSteps.decode(lists.redesignSteps);
  const redesignJoins = received.redesignJoins.decode(lists.redesignJoins);
  if (bare.redesign) map.redesign = { ...bare.redesign, steps: redesignSteps, joins: redesignJoins };
  let answer: AnalysisAnswer;
  try {
    const { analysis, nowFindings, blocker } = shownAnalysis(map, view);
    const { findings, redesign, ...rest } = analysis;
    const list = (sender: SameContentSender<Finding>, items: readonly Finding[]) => (items === findings ? 'same' : sender.encode(items));
    const result: WireAnalysis = { analysis: rest, findings: sent.findings.encode(findings), nowFindings: list(sent.nowFindings, nowFindings), blocker };
    if (redesign) {
      const { findings: redesignFindings, ...figures } = redesign;
      result.analysis.redesign = figures;
      result.redesignFindings = list(sent.redesignFindings, redesignFindings);
    }
    answer = { id, result };
  } catch (error) {
    answer = { id, error: (error as Error).message ?? String(error) };
  }
  self.postMessage(answer);
};
