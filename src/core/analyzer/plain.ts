import { effectiveHandoff, type Graph } from './graph';
import { duration, lowerFirst, percent, quote } from './text';
import type { Finding, GateAlso, Impact } from './types';

/** Labels in a sentence are cut to this many characters ("…" added): the full label is in the findings. */
export const SHORT_LABEL = 48;

/** A label cut at a word boundary to `max` characters, "…" added; whole when it fits. */
export function shortLabel(label: string, max = SHORT_LABEL): string {
  const text = label.replace(/\s+/g, ' ').trim();
  if ([...text].length <= max) return text;
  const cut = [...text].slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}


/**
 * Why a finding stalls the line, in plain words that fit after "because", each label quoted once
 * and shortened: "the check 'Nurse reviews letter' costs more than doing 'Draft letter' by hand".
 * Built from the finding's rule, targets and evidence, not from its message, so the triage
 * sentence stays one short sentence.
 */
export function plainReason(graph: Graph, finding: Finding, mapTitle: string): string {
  const step = (id: string | undefined) => (id === undefined ? undefined : graph.stepIndex.get(id));
  const name = (id: string | undefined): string => {
    const s = step(id);
    if (s !== undefined) return quote(shortLabel(graph.steps[s].label));
    const j = id === undefined ? undefined : graph.joinIndex.get(id);
    if (j === undefined) return quote(shortLabel(mapTitle));
    const label = graph.joins[j].label;
    return label ? quote(shortLabel(label)) : `the join from ${name(graph.steps[graph.from[j]]?.id)} to ${name(graph.steps[graph.to[j]]?.id)}`;
  };
  const [first, second] = finding.targets;
  const e = finding.evidence;
  switch (finding.rule) {
    case 'human-join': {
      const j = graph.joinIndex.get(first);
      const meeting = j !== undefined && effectiveHandoff(graph, j) === 'meeting';
      const wait = typeof e.waitMinutes === 'number' && e.waitMinutes > 0 ? ` for ${duration(e.waitMinutes)}` : '';
      if (j === undefined) return `the item waits to be moved by hand at ${name(first)}`;
      const from = name(graph.steps[graph.from[j]]?.id);
      const to = name(graph.steps[graph.to[j]]?.id);
      return meeting ? `the item waits${wait} for a meeting between ${from} and ${to}` : `a person moves the item by hand from ${from} to ${to}${wait ? `, and it waits${wait}` : ''}`;
    }
    case 'verification-exceeds-work': {
      const ratio = typeof e.ratio === 'number' ? e.ratio : undefined;
      const than = ratio !== undefined && ratio >= 1 ? 'more than' : 'as much as half of';
      return `the check ${name(first)} costs ${than} doing ${name(second)} by hand`;
    }
    case 'no-accountable-owner': {
      const s = step(first);
      const wait = s !== undefined ? (graph.steps[s].waitMinutes ?? 0) : 0;
      return `nobody answers for ${name(first)}${wait > 0 ? `, and work waits ${duration(wait)} in its queue` : ''}`;
    }
    case 'unverified-ai-output':
      return `the output of ${name(first)} reaches ${name(second)} unchecked`;
    case 'approval-chain':
      return `the work after ${name(first)} waits on ${typeof e.approvals === 'number' ? e.approvals : 'several'} approvals in a row`;
    case 'work-did-not-move': {
      const wait = finding.fix?.steps[0]?.id ?? finding.fix?.joins[0]?.id ?? first;
      return `the AI removes ${savedShare(e.aiSavedMinutes, e.aiSavingShare)} of the lead time while the work still waits at ${name(wait)}`;
    }
    case 'override-rate':
      return `reviewers override ${typeof e.overrideRate === 'number' ? percent(e.overrideRate) : 'many'} of what ${name(first)} produces`;
    case 'dangling-step':
      return step(first) === undefined && graph.joinIndex.get(first) === undefined
        ? 'the map has no path from trigger to outcome'
        : `${name(first)} is not joined to the line`;
  }
}

/**
 * A blocker joined to a gate on the same step (gates.ts), in words that follow the gate's own
 * reason without naming the step again: "…, and its output reaches 'Refund paid' unchecked".
 */
export function plainAlso(graph: Graph, joined: GateAlso): string {
  if (joined.rule === 'no-accountable-owner') return 'nobody answers for it';
  if (joined.rule === 'unverified-ai-output') {
    const end = graph.stepIndex.get(joined.targets[1]);
    return `its output reaches ${end === undefined ? 'the outcome' : quote(shortLabel(graph.steps[end].label))} unchecked`;
  }
  return lowerFirst(joined.message);
}

/**
 * How much of the lead time the AI removes, as a board reads it: "only 0.9%"; "none" when it saves
 * nothing (no AI step on the critical path, or one no faster than by hand), where "only 0%" read as
 * a figure; "under 0.1%" when a saving rounds to 0%.
 */
function savedShare(savedMinutes: unknown, share: unknown): string {
  if (savedMinutes === 0) return 'none';
  if (typeof share !== 'number' || !Number.isFinite(share)) return 'little';
  const shown = percent(share);
  return shown === '0%' ? 'under 0.1%' : `only ${shown}`;
}

/** What fixing it first buys, for the end of the sentence: "takes 2d off the lead time", or undefined when it moves nothing. */
export function plainGain(impact: Impact, volumeKnown: boolean): string | undefined {
  if (impact.leadTimeMinutes > 0) return `takes ${duration(impact.leadTimeMinutes)} off the lead time`;
  if (volumeKnown && (impact.staffHoursPerWeek ?? 0) > 0) return `saves ${one(impact.staffHoursPerWeek ?? 0)} staff hours a week`;
  if (impact.staffMinutesPerItem > 0) return `saves ${one(impact.staffMinutesPerItem)} staff minutes per item`;
  return undefined;
}

const one = (value: number) => (Math.round(value * 10) / 10).toLocaleString('en');
