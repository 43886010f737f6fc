import type { Program } from '../model';
import { effectiveHandoff, type Graph, walk } from './graph';
import { shortLabel } from './plain';
import { quote } from './text';
import { accountableName } from './rules/no-accountable-owner';
import { type Finding, type Gate, type GateOwner, RULE_RANK } from './types';

/** The one or two things to resolve in the next 30 days. */
const MOST_GATES = 2;

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The gates, chosen from the open findings by what most directly blocks the rollout:
 * 1. accountability (an open `no-accountable-owner` error) and launch safety (an open
 *    `unverified-ai-output` whose AI output reaches an end through AI and system steps only,
 *    with no person anywhere on the way) come first;
 * 2. then the largest impact on the lead time, then on staff minutes;
 * 3. then severity, rule order and step order.
 * Never an `external` step, never two gates on the same step or join (a finding's first target
 * and what its fix changes). A second gate is named only when it is of the first kind or buys
 * something: a gate that moves nothing is noise on a board's page. A finding of the first kind on
 * a step a gate already concerns (an AI step nobody owns whose output also reaches the outcome
 * unchecked) joins that gate (`also`): one owner, both acts, and the board sees both.
 */
export function chooseGates(graph: Graph, findings: readonly Finding[], program: Program | undefined, placeholders?: readonly string[]): Gate[] {
  const unattended = unattendedToEnd(graph);
  const open = findings.filter((f) => !f.waived && f.severity !== 'info');
  const firsts = open.map((finding) => firstKind(graph, finding, unattended));
  const gates: Gate[] = [];
  /** Each element a gate concerns, and that gate. */
  const taken = new Map<string, Gate>();
  for (const c of inRankOrder(open, firsts)) {
    const finding = open[c];
    const first = firsts[c];
    // The first kind ranks first: past it, with the gates chosen, nothing is left to join them.
    if (gates.length === MOST_GATES && !first) break;
    if (concernsExternal(graph, finding)) continue;
    const elements = elementsOf(finding);
    const concerned = elements.find((id) => taken.has(id));
    if (concerned !== undefined) {
      if (first) joinGate(graph, taken.get(concerned) as Gate, finding, first);
      continue;
    }
    if (gates.length === MOST_GATES) continue;
    const buys = finding.impact.leadTimeMinutes > 0 || finding.impact.staffMinutesPerItem > 0;
    if (gates.length > 0 && !first && !buys) break;
    const gate: Gate = {
      rule: finding.rule,
      targets: finding.targets,
      severity: finding.severity,
      message: finding.message,
      reason: first ?? (finding.impact.leadTimeMinutes > 0 ? 'lead time' : finding.impact.staffMinutesPerItem > 0 ? 'staff time' : 'severity'),
      owner: whoActs(graph, finding, program, placeholders),
      impact: finding.impact,
    };
    for (const id of elements) taken.set(id, gate);
    gates.push(gate);
  }
  return gates;
}

/**
 * Adds a blocker of the first kind to the gate on its step: its finding, and its act to the
 * owner's (who, once named, acts on both). An act the gate already asks for is not asked twice
 * (a launch-safety gate on an unowned step already asks to name its owner first).
 */
function joinGate(graph: Graph, gate: Gate, finding: Finding, reason: NonNullable<FirstKind>): void {
  gate.also = [...(gate.also ?? []), { rule: finding.rule, targets: finding.targets, message: finding.message, reason }];
  const act = actionFor(graph, finding);
  if (gate.owner.action.includes(act)) return;
  gate.owner = { ...gate.owner, action: `${gate.owner.action}${gate.rule === 'no-accountable-owner' ? ', who then must' : ', and'} ${act}` };
}

/** How many of the best candidates are ranked without sorting them all: two gates rarely need more. */
const SHORTLIST = 32;

/**
 * The candidates' indices, best first. The best few are kept by insertion in one pass (on a large
 * map thousands of findings are open, and only the first handful are ever looked at); the rest
 * are sorted only if the choice gets past them. Ties go to the earlier finding.
 */
function* inRankOrder(candidates: readonly Finding[], firsts: readonly FirstKind[]): Generator<number> {
  const byRank = (x: number, y: number) => {
    const a = candidates[x];
    const b = candidates[y];
    return (
      Number(!firsts[x]) - Number(!firsts[y]) ||
      b.impact.leadTimeMinutes - a.impact.leadTimeMinutes ||
      b.impact.staffMinutesPerItem - a.impact.staffMinutesPerItem ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (RULE_RANK.get(a.rule) ?? -1) - (RULE_RANK.get(b.rule) ?? -1) ||
      x - y
    );
  };
  const best: number[] = [];
  for (let c = 0; c < candidates.length; c++) {
    if (best.length === SHORTLIST && byRank(c, best[SHORTLIST - 1]) >= 0) continue;
    let k = best.length < SHORTLIST ? best.length : SHORTLIST - 1;
    while (k > 0 && byRank(c, best[k - 1]) < 0) k -= 1;
    best.splice(k, 0, c);
    if (best.length > SHORTLIST) best.pop();
  }
  yield* best;
  if (candidates.length <= SHORTLIST) return;
  const shortlisted = new Set(best);
  const rest: number[] = [];
  for (let c = 0; c < candidates.length; c++) if (!shortlisted.has(c)) rest.push(c);
  yield* rest.sort(byRank);
}

type FirstKind = 'accountability' | 'launch safety' | undefined;

/** The open judged findings that block the rollout whatever their minutes: accountability and launch safety (the scores weigh them as such). */
export function blockingFindings(graph: Graph, findings: readonly Finding[]): Set<Finding> {
  const unattended = unattendedToEnd(graph);
  return new Set(findings.filter((f) => !f.waived && f.severity !== 'info' && firstKind(graph, f, unattended) !== undefined));
}

function firstKind(graph: Graph, finding: Finding, unattended: Uint8Array): FirstKind {
  if (finding.rule === 'no-accountable-owner' && finding.severity === 'error') return 'accountability';
  if (finding.rule === 'unverified-ai-output') {
    const ai = graph.stepIndex.get(finding.targets[0]);
    if (ai !== undefined && unattended[ai]) return 'launch safety';
  }
  return undefined;
}

const unattendedByGraph = new WeakMap<Graph, Uint8Array>();

/**
 * Steps from which an end is reached through `ai` and `system` steps only: no person anywhere on
 * the way. Walked once per graph (the gates and the scores both ask).
 */
function unattendedToEnd(graph: Graph): Uint8Array {
  const known = unattendedByGraph.get(graph);
  if (known) return known;
  const found = walkUnattended(graph);
  unattendedByGraph.set(graph, found);
  return found;
}

function walkUnattended(graph: Graph): Uint8Array {
  const kind = (s: number) => graph.steps[s].kind;
  return walk(graph, graph.ends, 'in', (s) => kind(s) === 'ai' || kind(s) === 'system').seen.map((seen, s) =>
    seen && (kind(s) === 'ai' || kind(s) === 'system' || kind(s) === 'end') ? 1 : 0,
  );
}

function elementsOf(finding: Finding): string[] {
  return [finding.targets[0], ...(finding.fix?.steps.map((s) => s.id) ?? []), ...(finding.fix?.joins.map((j) => j.id) ?? [])];
}

function concernsExternal(graph: Graph, finding: Finding): boolean {
  const isExternal = (id: string) => {
    const s = graph.stepIndex.get(id);
    return s !== undefined && graph.steps[s].external === true;
  };
  return isExternal(finding.targets[0]) || (finding.fix?.steps.some((s) => isExternal(s.id)) ?? false);
}

/**
 * The step a gate is about: the flagged step, or for a join the step it leaves (else the one it
 * enters); for a meeting, the step it enters when someone owns it: the forum the item waits for
 * holds the meeting, and only its owner can decide items as they arrive (the sender cannot); for
 * an approval chain, the approval it keeps when someone owns it: the others' sign-off becomes
 * theirs (asking the first approver to drop their own asks the one who cannot decide it).
 */
function stepOf(graph: Graph, finding: Finding): number | undefined {
  const keeps = finding.rule === 'approval-chain' && typeof finding.evidence.keeps === 'string' ? graph.stepIndex.get(finding.evidence.keeps) : undefined;
  if (keeps !== undefined && accountableName(graph.steps[keeps].owner)) return keeps;
  const id = finding.fix?.steps[0]?.id ?? finding.targets[0];
  const step = graph.stepIndex.get(id);
  if (step !== undefined) return step;
  const join = graph.joinIndex.get(finding.fix?.joins[0]?.id ?? finding.targets[0]);
  if (join === undefined) return undefined;
  const [from, to] = [graph.from[join], graph.to[join]];
  if (to >= 0 && effectiveHandoff(graph, join) === 'meeting' && accountableName(graph.steps[to].owner)) return to;
  return accountableName(graph.steps[from]?.owner) || to < 0 ? from : to;
}

/**
 * Who must act: the owner of the step the gate concerns, else the program lead, else the
 * sponsor. Where nobody is named, naming someone is the first act, and the gate says who must
 * do it: never "TBD".
 */
function whoActs(graph: Graph, finding: Finding, program: Program | undefined, placeholders?: readonly string[]): GateOwner {
  const step = stepOf(graph, finding);
  const stepName = step === undefined ? undefined : shortName(graph, graph.steps[step].id);
  const owner = step === undefined ? undefined : accountableName(graph.steps[step].owner, placeholders);
  const act = actionFor(graph, finding);
  if (owner) return { name: owner, role: 'step owner', action: act };
  // A finding on the whole map (no start, no end) has no step whose owner could act: the lead
  // does it, with no owner to name first.
  const wholeMap = step === undefined && !graph.joinIndex.has(finding.targets[0]);
  const nameOwnerFirst = stepName ? `name an accountable owner for ${stepName}` : 'name who owns this';
  const then = finding.rule === 'no-accountable-owner' ? '' : `, who then must ${act}`;
  const leadAct = wholeMap ? act : `${nameOwnerFirst}${then}`;
  const lead = accountableName(program?.lead, placeholders);
  if (lead) return { name: lead, role: 'program lead', action: leadAct };
  const sponsor = accountableName(program?.sponsor, placeholders);
  if (sponsor) return { name: sponsor, role: 'sponsor', action: leadAct };
  return {
    name: null,
    role: null,
    action: `Nobody is named yet: the first act is to name a program lead, and whoever sponsors the pilot must do it; the lead must then ${leadAct}`,
  };
}

/** A step or join as a gate names it: its label shortened (the findings keep the whole label). */
function shortName(graph: Graph, id: string): string {
  const step = graph.stepIndex.get(id);
  if (step !== undefined) return quote(shortLabel(graph.steps[step].label));
  const join = graph.joinIndex.get(id);
  if (join === undefined) return 'it';
  const label = graph.joins[join].label;
  if (label) return quote(shortLabel(label));
  const end = (s: number) => (graph.steps[s] ? quote(shortLabel(graph.steps[s].label)) : '?');
  return `${end(graph.from[join])} → ${end(graph.to[join])}`;
}

/** The gate's act in a few plain words. */
function actionFor(graph: Graph, finding: Finding): string {
  const name = (id: string | undefined) => (id === undefined ? 'it' : shortName(graph, id));
  const [first, second] = finding.targets;
  switch (finding.rule) {
    case 'human-join':
      // A committee that signs is not automated by an API: the decision leaves the meeting.
      return finding.evidence.handoff === 'meeting' ? `stop holding ${name(first)} for a meeting: decide each item as it arrives` : `automate the hand-off ${name(first)}`;
    case 'verification-exceeds-work':
      return `check a sample of ${name(second)} in ${name(first)}, not every item`;
    case 'no-accountable-owner':
      return `name an accountable owner for ${name(first)}`;
    case 'unverified-ai-output':
      return `put a check or an approval on the output of ${name(first)} before it reaches ${name(second)}`;
    case 'approval-chain':
      return `merge the approvals after ${name(first)} into one`;
    case 'work-did-not-move':
      return `halve the wait ${name(finding.fix?.steps[0]?.id ?? finding.fix?.joins[0]?.id ?? first)}`;
    case 'override-rate':
      return `build the evaluation layer for ${name(first)}`;
    case 'dangling-step':
      return drawMissingEnds(finding) ?? `join ${name(first)} to the line`;
  }
}

/** For a map without a start or an end (evidence `missing`), the act is to draw what is missing. */
function drawMissingEnds(finding: Finding): string | undefined {
  const missing = finding.evidence.missing;
  if (!Array.isArray(missing)) return undefined;
  const start = missing.includes('start');
  const end = missing.includes('end');
  if (start && end) return 'draw the start step and the end step, and join the work between them';
  if (start) return 'draw the start step, and join it to the work';
  if (end) return 'draw the end step, and join the work to it';
  return undefined;
}
