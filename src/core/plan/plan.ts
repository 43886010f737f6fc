import type { AnalysisResult, AnalyzerConfig } from '../analyzer';
import { redesignedMap } from '../analyzer/redesign';
import type { StallMap } from '../model';
import { escapeMarkdown as md } from './escape';
import { commentsAppendix, findingsAppendix, mapPicture } from './plan-appendix';
import { disclosuresSection } from './plan-disclosures';
import { rolloutGateSection } from './plan-gate';
import { measuresSection } from './plan-measures';
import { scorecardSection } from './plan-scorecard';
import { summaryPage } from './plan-summary';
import { fence, isoDate } from './plan-words';
import { rolloutGate, rolloutGateYaml } from './rollout-gate';
import { indexMap, ruleOptions } from './targets';

export { MERMAID_MAX_TEXT } from './plan-appendix';

export interface PlanOptions {
  /** The plan's date (a parameter, so the same map gives the same plan). */
  now: Date;
  /** A config file's rules, as given to the analyzer: the gate and the 30-day sentences use the same thresholds. */
  config?: AnalyzerConfig;
}

/** The section headings, in order: the page's preview and the tests read them from here. */
export const PLAN_SECTIONS = [
  'Summary',
  'Scorecard',
  'Rollout gate',
  'After launch',
  'Disclosures',
  'Appendix: findings',
  'Appendix: open comment threads',
  'Appendix: the rollout gate for tools',
  'Appendix: the map',
] as const;

/** The plan's heading, and the printed page's title (the name a browser saves its PDF under). */
export const planTitle = (mapTitle: string): string => `Redesign plan: ${mapTitle}`;

/** Where the appendix starts: the first page and the body are what comes before. */
export const APPENDIX_PREFIX = 'Appendix';

/**
 * The redesign plan as Markdown, a board document: the first page stands alone (the summary
 * section: what the workflow is, where it stalls and why, the gates with who acts and what each
 * buys, the people and the 90-day milestone, the before and after with the redesigned map's
 * picture), then the scorecard, the rollout gate, what is measured after launch and the
 * disclosures; every finding, the gate's YAML and today's map's picture are in the appendix. No finding is repeated before the appendix.
 * Every text a person typed goes through escapeMarkdown (or the YAML and Mermaid escapes inside
 * the fenced blocks), so it reads as text whatever it holds.
 */
export function planMarkdown(map: StallMap, analysis: AnalysisResult, { now, config }: PlanOptions): string {
  const index = indexMap(map);
  const options = ruleOptions(map, config);
  const gate = rolloutGate(map, analysis, config);
  const redesignMap = redesignedMap(map);
  // The redesigned map is drawn on the first page, below its before and after: what a board is asked to approve.
  const redesignPicture = redesignMap && analysis.redesign ? ['', '### The redesign', '', ...mapPicture(redesignMap, analysis.redesign)] : [];
  const sections: [(typeof PLAN_SECTIONS)[number], string[]][] = [
    ['Summary', [...summaryPage(map, analysis, config, gate), ...redesignPicture]],
    ['Scorecard', scorecardSection(analysis)],
    ['Rollout gate', rolloutGateSection(gate)],
    ['After launch', measuresSection(map)],
    ['Disclosures', disclosuresSection(analysis, index)],
    ['Appendix: findings', findingsAppendix(analysis, index, options['no-accountable-owner'])],
    ['Appendix: open comment threads', commentsAppendix(map, index)],
    ['Appendix: the rollout gate for tools', ['The rollout gate above, for tools.', '', fence('yaml', rolloutGateYaml(gate))]],
    ['Appendix: the map', mapPicture(map, analysis)],
  ];
  const head = [`# ${planTitle(md(map.title))}`, '', `Prepared ${isoDate(now)} from the map \`${map.id}\`.`];
  const body = sections.flatMap(([title, lines]) => ['', `## ${title}`, '', ...lines]);
  return `${[...head, ...body].join('\n')}\n`;
}
