import { type AnalysisResult, describeImpact, ruleName, type ScoreBasis, SURFACES, type SurfaceScore } from '../analyzer';
import { escapeMarkdown as md } from './escape';
import { shortText } from './plan-words';

/** Evidence longer than this many words is cut in the table and given whole in the appendix. */
export const EVIDENCE_WORDS = 25;

/**
 * The scorecard: each surface's computed score with what it rests on (the rules of its heaviest
 * open findings, by name, and what fixing them buys; the findings themselves are in the appendix), and the
 * team's own score with its evidence beside it, never in its place. A surface no rule can observe
 * is "not assessed", with the reason.
 */
export function scorecardSection(analysis: AnalysisResult): string[] {
  const { scores, triage } = analysis;
  return [
    'Scores run from 1 (probable stall driver) to 5 (sound), from the open findings of each surface, weighed by severity and by what fixing them buys. Only 1 or 2 marks a probable stall driver.',
    '',
    '| Surface | Score | Rests on | Team’s score |',
    '| --- | --- | --- | --- |',
    ...SURFACES.map((surface) => {
      const s = scores[surface];
      const name = surface === triage.dominantSurface ? `**${surface}** (dominant)` : surface;
      return `| ${name} | ${computed(s)} | ${restsOn(s)} | ${team(s)} |`;
    }),
  ];
}

function computed(s: SurfaceScore): string {
  if (s.score === null) return 'not assessed';
  return s.stallDriver ? `**${s.score}** (stall driver)` : String(s.score);
}

function restsOn(s: SurfaceScore): string {
  if (s.score === null) return md(s.notAssessed ?? 'no rule observes it on this map');
  if (s.basis.length === 0) return s.openInfos ? `no judged finding; ${s.openInfos} cannot be judged (numbers missing)` : 'no open finding';
  const more = s.openErrors + s.openWarnings - s.basis.length;
  return `${s.basis.map(basis).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

const basis = (b: ScoreBasis) => `${ruleName(b.rule)} (${b.severity}, ${describeImpact(b.impact)})`;

function team(s: SurfaceScore): string {
  if (!s.team) return '—';
  const who = s.team.by ? `, ${md(s.team.by)}` : '';
  return `${s.team.score}: ${shortText(s.team.evidence, EVIDENCE_WORDS)}${who}`;
}
