import { duration, percent } from './text';
import type { Finding } from './types';

/**
 * A finding's evidence as sentences a leader reads ("The item waits 3d on this join."), never
 * as the analyzer's keys (`declaredHandoff: system`). `nameOf` names an id of the map as the
 * page does ("'Summarise contract'"). A key no sentence is written for is left out rather than
 * shown raw: the message already says what the finding is.
 */
export function describeEvidence(finding: Pick<Finding, 'rule' | 'evidence'>, nameOf: (id: string) => string): string[] {
  const e = finding.evidence;
  const num = (key: string) => (typeof e[key] === 'number' && Number.isFinite(e[key]) ? (e[key] as number) : undefined);
  const str = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : undefined);
  const out: string[] = [];
  const missing = Array.isArray(e.missing) ? e.missing.filter((m): m is string => typeof m === 'string') : [];
  for (const m of missing) out.push(MISSING_WORDS[m] ?? `${capital(m)}.`);

  switch (finding.rule) {
    case 'human-join': {
      const wait = e.waitMinutes === null ? null : num('waitMinutes');
      if (wait === null) out.push('No wait is recorded on this join, so the lead time may be longer than shown.');
      else if (wait !== undefined) out.push(wait > 0 ? `The item waits ${duration(wait)} on this join.` : 'The item does not wait on this join.');
      const handoff = str('handoff');
      const declared = str('declaredHandoff');
      if (handoff === 'meeting') out.push('It waits for a scheduled meeting.');
      else if (declared && declared !== handoff) out.push(`It is marked ${declared}, but a person moves the item at a hand-off step, so it counts as manual.`);
      else out.push('A person moves the item by hand.');
      if (e.nextToAi === true) out.push('It is next to an AI step.');
      else if (e.nextToAi === false) out.push('It is on the way of an AI step’s work.');
      break;
    }
    case 'verification-exceeds-work': {
      const check = num('verifyMinutes');
      const byHand = num('workMinutes');
      const ratio = num('ratio');
      if (check !== undefined && byHand !== undefined) {
        out.push(`Checking costs ${duration(check)} per item; doing the work by hand costs ${duration(byHand)}${ratio !== undefined ? ` (${ratio} times as much)` : ''}.`);
      }
      const rate = num('sampleRate');
      if (rate !== undefined) out.push(rate >= 1 ? 'Every item is checked.' : `${percent(rate)} of items are checked.`);
      break;
    }
    case 'work-did-not-move': {
      const saved = num('aiSavedMinutes');
      const lead = num('leadTimeMinutes');
      const share = num('aiSavingShare');
      if (saved !== undefined) out.push(`The AI saves ${duration(saved)} per item${share !== undefined ? `, ${percent(share)} of the time the work took before` : ''}.`);
      if (lead !== undefined) out.push(`The lead time is ${duration(lead)}.`);
      const waits = Array.isArray(e.largestWaits) ? (e.largestWaits as { id?: unknown; minutes?: unknown }[]) : [];
      const named = waits.filter((w) => typeof w.id === 'string' && typeof w.minutes === 'number').map((w) => `${nameOf(w.id as string)} (${duration(w.minutes as number)})`);
      if (named.length) out.push(`The largest waits: ${named.join(', ')}.`);
      break;
    }
    case 'no-accountable-owner': {
      const owner = str('owner');
      out.push(owner === undefined || owner.trim() === '' ? 'No owner is named.' : `The owner '${owner}' names nobody in particular.`);
      const kind = str('kind');
      if (kind === 'ai' || kind === 'approval' || kind === 'verification') out.push('The step produces or judges the output, so someone must answer for it.');
      break;
    }
    case 'approval-chain': {
      const approvals = num('approvals');
      const end = str('end');
      if (approvals !== undefined) out.push(`${approvals} approvals stand between the AI output and ${end ? nameOf(end) : 'the outcome'}.`);
      break;
    }
    case 'override-rate': {
      const rate = num('overrideRate');
      const most = num('maxOverrideRate');
      if (rate !== undefined) out.push(`Reviewers override ${percent(rate)} of the outputs${most !== undefined ? `; the map allows ${percent(most)}` : ''}.`);
      break;
    }
    case 'unverified-ai-output': {
      const end = str('end');
      if (end) out.push(`The output reaches ${nameOf(end)} with no check or approval on the way.`);
      break;
    }
    case 'dangling-step': {
      if (e.reachedFromStart === false) out.push('No start step reaches it.');
      if (e.reachesEnd === false) out.push('It leads to no end step.');
      const entries = Array.isArray(e.entries) ? e.entries.filter((id): id is string => typeof id === 'string') : [];
      if (entries.length) out.push(`The loop can be entered at ${entries.map(nameOf).join(', ')}.`);
      break;
    }
  }
  return out;
}

/** The `missing` entries that are a word, not a sentence (a map's missing start, a loop's rework join). */
const MISSING_WORDS: Record<string, string> = {
  start: 'The map has no start step.',
  end: 'The map has no end step.',
  rework: 'No join is marked as the one that sends the work back (rework).',
  verifies: 'The check names no step it verifies.',
};

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
