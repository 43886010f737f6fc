import type { StallMap } from '../model';
import { lowerFirst } from './text';
import { type Finding, type Gate, type Scores, SURFACES, type Surface, type Triage } from './types';

/** What to do next when a failure surface is the stall driver. */
export const SURFACE_MOTIONS: Readonly<Record<Surface, string>> = {
  architecture: 'architecture audit',
  workflow: 'workflow redesign',
  evaluation: 'build the evaluation layer',
  governance: 'permission and approval boundary review',
  stabilization: 'stabilization sprint',
};

/** The typical symptom of each failure surface, for the UI and the plan. */
export const SURFACE_SYMPTOMS: Readonly<Record<Surface, string>> = {
  architecture: 'behaves differently live than in the demo; the map itself is incomplete',
  workflow: 'review burden high, ownership vague, joins manual',
  evaluation: 'prompt changes keep changing behaviour, no stable baseline, high overrides',
  governance: 'unsafe actions, permissions, approval semantics block launch',
  stabilization: 'the hot path is known but unreliable under real load',
};

const WEIGHT = { error: 2, warning: 1, info: 0 } as const;

const isOpen = (finding: Finding) => !finding.waived;

/** Per surface: penalty = 2 × open errors + open warnings (info weighs nothing); score = max(1, 5 − penalty). */
export function computeScores(findings: readonly Finding[]): Scores {
  const scores = {} as Scores;
  for (const surface of SURFACES) {
    scores[surface] = { score: 5, openErrors: 0, openWarnings: 0, openInfos: 0, nextMotion: SURFACE_MOTIONS[surface] };
  }
  for (const finding of findings.filter(isOpen)) {
    const score = scores[finding.surface];
    if (finding.severity === 'error') score.openErrors += 1;
    else if (finding.severity === 'warning') score.openWarnings += 1;
    else score.openInfos += 1;
  }
  for (const surface of SURFACES) scores[surface].score = Math.max(1, 5 - penalty(scores, surface));
  return scores;
}

const penalty = (scores: Scores, surface: Surface) =>
  WEIGHT.error * scores[surface].openErrors + WEIGHT.warning * scores[surface].openWarnings;

/** The lowest score; ties go to the most open errors, then to the table's order. */
export function dominantSurface(scores: Scores): Surface {
  return [...SURFACES].sort(
    (a, b) => scores[a].score - scores[b].score || scores[b].openErrors - scores[a].openErrors || SURFACES.indexOf(a) - SURFACES.indexOf(b),
  )[0];
}

/** The evidence: the few open judged findings that carry most of the impact. */
const EVIDENCE = 3;

/**
 * The triage. The blocker is the first gate (gates.ts: accountability and launch safety, then
 * what moves the lead time and staff minutes most). The evidence is the few findings that carry
 * most of the impact. An `info` finding only says a number is missing, so it never is the
 * blocker or the evidence.
 */
export function computeTriage(map: StallMap, findings: readonly Finding[], scores: Scores, gates: readonly Gate[]): Triage {
  const dominant = dominantSurface(scores);
  const judged = findings.filter((f) => isOpen(f) && f.severity !== 'info');
  const top = gates[0];
  const byImpact = judged
    .map((finding, order) => ({ finding, order }))
    .sort(
      (a, b) =>
        b.finding.impact.leadTimeMinutes - a.finding.impact.leadTimeMinutes ||
        b.finding.impact.staffMinutesPerItem - a.finding.impact.staffMinutesPerItem ||
        a.order - b.order,
    )
    .slice(0, EVIDENCE)
    .map(({ finding }) => finding.message);
  const total = SURFACES.reduce((sum, s) => sum + penalty(scores, s), 0);
  const confidence = total > 0 ? Math.round((penalty(scores, dominant) / total) * 100) / 100 : 0;
  const nextMotion = SURFACE_MOTIONS[dominant];
  return {
    workflow: map.title,
    blocker: top ? top.message : null,
    dominantSurface: dominant,
    confidence,
    evidence: byImpact,
    nextMotion,
    sentence: top
      ? `The rollout is stalled because ${lowerFirst(top.message)}; the dominant failure surface is ${dominant}, so the next motion is ${nextMotion}.`
      : quietSentence(map, findings),
  };
}

function quietSentence(map: StallMap, findings: readonly Finding[]): string {
  const unjudged = findings.filter((f) => isOpen(f) && f.severity === 'info').length;
  const waived = findings.length - findings.filter(isOpen).length;
  const reasons = [
    unjudged ? `${unjudged} ${unjudged === 1 ? 'finding says' : 'findings say'} which numbers are missing` : '',
    waived ? `${waived} ${waived === 1 ? 'finding was' : 'findings were'} waived on purpose` : '',
  ].filter(Boolean);
  const tail = reasons.length ? reasons.join(', and ') : 'check that the map shows the whole line, with its minutes, owners and joins';
  return `No open finding explains a stall in '${map.title}' yet: ${tail}.`;
}

