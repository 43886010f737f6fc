import type { Finding } from '../../core/analyzer';
import type { Join, StallMap, Step } from '../../core/model';
import type { MapView } from '../../store/uiSlice';
import { shownAnalysis, type ShownAnalysis } from '../shownState';
import type { AnalysisAnswer, AnalysisRequest, WarmUpRequest, WireAnalysis } from './analysis.worker';
import { ListReceiver, SameObjectSender, type WireList } from './analysisWire';
import { LatestWins } from './latestWins';

/**
 * From this many steps (today's and the redesign's together) the analysis runs in a worker: at
 * 5,000 steps it is a task of some 50 ms, on every pause in typing or dragging. Below it the
 * analyzer takes a few milliseconds, so findings appear at once, on the main thread.
 */
export const WORKER_MIN_STEPS = 300;

export const stepsInMap = (map: StallMap) => map.steps.length + (map.redesign?.steps.length ?? 0);

/** The worker reported that the analyzer threw on this map: the worker itself is fine. */
class AnalyzerThrew extends Error {}

/** One analysis worker and its answers by request id; the long lists cross as diffs (analysisWire.ts). */
class AnalysisWorker {
  private nextId = 0;
  private readonly answers = new Map<number, { resolve(result: ShownAnalysis): void; reject(error: Error): void }>();
  private readonly sent = { steps: new SameObjectSender<Step>(), joins: new SameObjectSender<Join>(), redesignSteps: new SameObjectSender<Step>(), redesignJoins: new SameObjectSender<Join>() };
  private readonly received = { findings: new ListReceiver<Finding>(), nowFindings: new ListReceiver<Finding>(), redesignFindings: new ListReceiver<Finding>() };
  /** Why the worker is of no more use, once it is: it may fail before it is asked anything (warming up). */
  private failure: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<AnalysisAnswer>) => {
      const answer = event.data;
      const waiting = this.answers.get(answer.id);
      this.answers.delete(answer.id);
      // Every answer is decoded, awaited or not: the receivers follow the worker's senders.
      if ('result' in answer) waiting?.resolve(this.decode(answer.result));
      else waiting?.reject(new AnalyzerThrew(answer.error));
    });
    // A worker that cannot load (a blocked or missing script) or dies says so only here.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.failAll(new Error(`the analysis worker failed: ${event.message || 'it could not be loaded'}`));
    });
    worker.addEventListener('messageerror', () => this.failAll(new Error('the analysis worker sent an answer that could not be read')));
  }

  analyse(map: StallMap, view: MapView): Promise<ShownAnalysis> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.answers.set(id, { resolve, reject });
      const { steps, joins, redesign } = map;
      const lists = {
        steps: this.sent.steps.encode(steps),
        joins: this.sent.joins.encode(joins),
        redesignSteps: this.sent.redesignSteps.encode(redesign?.steps ?? []),
        redesignJoins: this.sent.redesignJoins.encode(redesign?.joins ?? []),
      };
      const bare: StallMap = { ...map, steps: [], joins: [], ...(redesign ? { redesign: { ...redesign, steps: [], joins: [] } } : {}) };
      // The rest of the map crosses as a structured clone: plain data, as the store holds it.
      this.worker.postMessage({ id, map: bare, lists, view } satisfies AnalysisRequest);
    });
  }

  /** Asks the worker to warm its code while it waits for a map (analysis.worker.ts). */
  warmUp(): void {
    this.worker.postMessage({ warmUp: true } satisfies WarmUpRequest);
  }

  terminate(): void {
    this.worker.terminate();
    // Nothing waits on these any more (the scheduler is closed): let them go unanswered.
    this.answers.clear();
  }

  private decode(wire: WireAnalysis): ShownAnalysis {
    const findings = this.received.findings.decode(wire.findings);
    const list = (receiver: ListReceiver<Finding>, items: WireList<Finding> | 'same') => (items === 'same' ? findings : receiver.decode(items));
    const nowFindings = list(this.received.nowFindings, wire.nowFindings);
    const { redesign: figures, ...analysis } = wire.analysis;
    const redesign = figures && wire.redesignFindings && { ...figures, findings: list(this.received.redesignFindings, wire.redesignFindings) };
    return { analysis: redesign ? { ...analysis, findings, redesign } : { ...analysis, findings }, nowFindings, blocker: wire.blocker };
  }

  private failAll(error: Error): void {
    this.failure = error;
    for (const { reject } of this.answers.values()) reject(error);
    this.answers.clear();
  }
}

const startWorker = () => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });

/**
 * The live analysis of one editor: small maps analysed on the spot, large ones in a worker
 * (started on first use, ended by `close`), latest map wins. While a large map is analysed, the
 * findings on screen stay those of the map before. If the worker fails, the map is analysed on
 * the main thread instead (as before there was a worker), with one line in the console.
 */
export class OffThreadAnalysis {
  private readonly jobs: LatestWins<{ map: StallMap; view: MapView }, { result: ShownAnalysis; view: MapView }>;
  private worker: AnalysisWorker | null = null;
  /** The worker could not load, died, or could not take the map: the main thread analyses from now on. */
  private broken = false;
  private warned = false;
  private closed = false;

  constructor(
    /** Shows an analysis, and says which view it was made for. */
    private readonly show: (result: ShownAnalysis, view: MapView) => void,
    private readonly createWorker: () => Worker = startWorker,
  ) {
    this.jobs = new LatestWins(
      async ({ map, view }) => ({ result: await this.analyse(map, view), view }),
      ({ result, view }) => show(result, view),
      (error) => console.error('Stallmap: the map could not be analysed:', error),
    );
  }

  update(map: StallMap, view: MapView): void {
    if (this.closed) return;
    if (this.broken || stepsInMap(map) < WORKER_MIN_STEPS) {
      // Shown now: whatever the worker is still busy with is older.
      this.jobs.supersede();
      this.show(shownAnalysis(map, view), view);
      return;
    }
    this.jobs.submit({ map, view });
  }

  /**
   * A large map is on its way: the worker is started now and warms up while the map arrives, so
   * its script is loaded and its code warm by the time the map is read, not only then.
   */
  prepare(): void {
    if (this.closed || this.broken || this.worker) return;
    try {
      this.worker = new AnalysisWorker(this.createWorker());
      this.worker.warmUp();
    } catch (error) {
      this.failed(error);
    }
  }

  /** The editor is gone: the worker ends and nothing more is shown. */
  close(): void {
    this.closed = true;
    this.jobs.close();
    this.worker?.terminate();
    this.worker = null;
  }

  private async analyse(map: StallMap, view: MapView): Promise<ShownAnalysis> {
    if (!this.broken) {
      try {
        this.worker ??= new AnalysisWorker(this.createWorker());
        return await this.worker.analyse(map, view);
      } catch (error) {
        if (this.closed) throw error;
        this.failed(error);
      }
    }
    return shownAnalysis(map, view);
  }

  private failed(error: unknown): void {
    if (!(error instanceof AnalyzerThrew)) {
      this.broken = true;
      this.worker?.terminate();
      this.worker = null;
    }
    if (this.warned) return;
    this.warned = true;
    console.warn('Stallmap: analysing on the main thread, the analysis worker failed:', error);
  }
}
