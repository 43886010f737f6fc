import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { type Join, parseMap, type StallMap, type Step } from '../../../src/core/model';
import { planMarkdown } from '../../../src/core/plan';
import { templates } from '../../../src/core/templates';
import { loadMap } from '../analyzer/fixtures';

/**
 * The plan is a board document: its first page (up to the first `##` after the summary section)
 * stands alone in at most 350 words, and the whole plan without the appendix is at most 1,200
 * words, for every template and for a large stalled map with long labels, every kind of step,
 * waivers, settings, a program with many measures and a redesign.
 */
const NOW = new Date('2026-11-21T00:00:00Z');

/** Words as a reader counts them: runs with a letter or a digit (table pipes and list dashes are not words). */
const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** What a reader reads as text: the Markdown without its pictures (Mermaid blocks, drawn as images; the redesign's is on the first page). */
const prose = (markdown: string) => markdown.replace(/```mermaid\n[\s\S]*?```/g, '');

function parts(markdown: string) {
  const summary = markdown.indexOf('\n## Summary');
  const firstPage = prose(markdown.slice(0, markdown.indexOf('\n## ', summary + 1)));
  const body = prose(markdown.slice(0, markdown.indexOf('\n## Appendix')));
  return { firstPage, body };
}

/** A 40-step stalled line: long labels, unowned AI steps and checks, manual joins and meetings, three approvals, waivers and a redesign. */
function stalledMap(): StallMap {
  const kinds: Step['kind'][] = ['ai', 'handoff', 'verification', 'approval', 'human', 'system'];
  const steps: Step[] = [{ id: 'start', kind: 'start', label: 'A request arrives in the shared mailbox from one of the regional offices' }];
  for (let i = 1; i <= 38; i++) {
    const kind = kinds[i % kinds.length];
    steps.push({
      id: `s${i}`,
      kind,
      label: `Step ${i}: the ${kind} work that the regional team does by hand before the next desk can pick the item up again`,
      ...(i % 4 === 0 ? {} : { owner: `Owner of step ${i}` }),
      workMinutes: 5 + (i % 7) * 10,
      waitMinutes: (i % 5) * 240,
      ...(kind === 'ai' ? { manualMinutes: 60, overrideRate: 0.1 + (i % 3) * 0.1 } : {}),
      ...(kind === 'verification' ? { sampleRate: 1 } : {}),
    });
  }
  steps.push({ id: 'end', kind: 'end', label: 'The outcome is sent back to the requester with the signed decision attached' });
  const joins: Join[] = steps.slice(1).map((s, i) => ({
    id: `j${i}`,
    from: steps[i].id,
    to: s.id,
    handoff: i % 3 === 0 ? 'system' : i % 3 === 1 ? 'manual' : 'meeting',
    waitMinutes: (i % 4) * 600,
    ...(i % 2 ? { label: `Join ${i}: the item is emailed as a spreadsheet attachment to the next team's shared inbox` } : {}),
  }));
  const parsed = parseMap({
    format: 'stallmap/map',
    version: 2,
    id: 'stalled-40',
    title: 'A forty-step workflow that stalls at every seam between the regional offices and head office',
    description: Array.from({ length: 12 }, (_, i) => `Sentence ${i} of the team's own long description of the workflow and why it matters to the people who use it.`).join(' '),
    steps,
    joins,
    waivers: [
      ...[8, 12, 16].map((i) => ({ rule: 'no-accountable-owner', target: `s${i}`, reason: 'We accept this for now because the vendor owns it', by: 'COO', at: '2026-11-20' })),
      ...[2, 3, 5, 9, 11, 15, 17, 21].map((i) => ({ rule: 'human-join', target: `j${i}`, reason: 'The regulator requires a person to move this item by hand, with a signature on the paper record', by: 'General Counsel', at: '2026-11-20' })),
      { rule: 'override-rate', target: 'gone', reason: 'Old', by: 'CIO', at: '2026-10-01' },
    ],
    settings: { rules: { 'approval-chain': 'off', 'override-rate': ['warning', { maxOverrideRate: 0.3 }] } },
    volumePerWeek: 400,
    costPerHour: 60,
    program: {
      sponsor: 'Chief Operating Officer of the regional business',
      lead: 'Head of regional operations excellence',
      milestone: { text: 'Every request from the two pilot offices is triaged by the model and routed without re-keying, with the check sampled at one in ten', due: '2027-02-28' },
      measures: Array.from({ length: 12 }, (_, i) => ({ name: `Measure ${i} of how the line performs after launch`, target: 'at most 15% of items', owner: 'Head of regional operations excellence', cadence: 'every week' })),
    },
    assessment: {
      workflow: { score: 1, evidence: Array.from({ length: 60 }, (_, i) => `fact${i}`).join(' '), by: 'COO' },
      evaluation: { score: 3, evidence: 'Overrides fell after the new prompt', by: 'CIO' },
    },
    redesign: {
      steps,
      joins: joins.map((j) => ({ ...j, handoff: 'system', waitMinutes: 0 })),
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.map;
}

const maps: [string, StallMap][] = [
  ...templates.map((t): [string, StallMap] => [t.name, t.map]),
  ['the example map', loadMap('contract-review.json')],
  ['a generated 40-step stalled map', stalledMap()],
];

describe.each(maps)('the plan of %s', (_name, map) => {
  const analysis = analyze(map);
  const markdown = planMarkdown(map, analysis, { now: NOW });
  const { firstPage, body } = parts(markdown);

  it('has a first page of at most 350 words and a body (without the appendix) of at most 1,200', () => {
    expect(words(firstPage)).toBeLessThanOrEqual(350);
    expect(words(body)).toBeLessThanOrEqual(1200);
  });

  it('puts the gates, the people, the milestone and the next motion on the first page', () => {
    expect(firstPage).toContain('### Next 30 days');
    expect(firstPage).toContain('**Sponsor:**');
    expect(firstPage).toContain('**Program lead:**');
    expect(firstPage).toContain('**90-day milestone:**');
    expect(firstPage).toContain('**Next motion:**');
    expect(firstPage).toContain(analysis.triage.sentence.replace(/'/g, "'"));
  });

  it('repeats no finding before the appendix, and prints no non-finite number', () => {
    for (const f of analysis.findings) expect(body).not.toContain(f.message);
    expect(markdown).not.toMatch(/NaN|Infinity|undefined|\[object/);
  });
});

describe('the plan of the 40-step stalled map', () => {
  const map = stalledMap();
  const analysis = analyze(map);
  const markdown = planMarkdown(map, analysis, { now: NOW });
  const { firstPage, body } = parts(markdown);

  it('shows the before and after on the first page', () => {
    expect(firstPage).toContain('### Before and after the redesign');
    expect(firstPage).toMatch(/\| Lead time \| .+ \| .+ \|/);
    expect(firstPage).toContain('| Staff hours a week |');
    // In the compare view's words: manual joins and meetings on rows of their own, with the change.
    expect(firstPage).toContain('| Manual joins | 20 | 14 | −6 |');
    expect(firstPage).toContain('| Meetings | 13 | 0 | −13 |');
  });

  it('shortens long labels in the text and keeps them whole in the appendix', () => {
    const long = map.steps[1].label;
    expect(body).not.toContain(long);
    expect(markdown.slice(markdown.indexOf('\n## Appendix'))).toContain(long);
  });

  it('discloses the waivers, the refused and stale ones, and the settings', () => {
    const disclosures = body.slice(body.indexOf('## Disclosures'));
    // s8 (a check) and s12 (an AI step) cannot be waived; s16 (a human step) can.
    expect(analysis.waivers.refused.map((w) => w.target)).toEqual(['s8', 's12']);
    expect(disclosures).toContain('**Refused waivers** (2)');
    expect(disclosures).toContain('COO waived *Nobody owns the step* on “Step 8: the verification work that the…” (2026-11-20). Accountability cannot be waived');
    expect(disclosures).toContain('- *Nobody owns the step* on “Step 16: the human work that the regional team…”: waived by COO');
    expect(disclosures).toMatch(/\*\*Waived findings\*\* \(\d+\)/);
    expect(disclosures).toMatch(/\*\*Stale waivers\*\* \(\d+\)/);
    expect(analysis.waivers.stale.map((w) => w.target)).toContain('gone');
    expect(disclosures).toContain('- *Approvals in a row*: turned off (the map’s settings)'.replace('’', "'"));
    expect(disclosures).toContain('- *Outputs often overridden*: maxOverrideRate 0.3');
  });

  it('gives the team’s scores beside the computed ones, long evidence cut and given whole in the appendix', () => {
    const scorecard = body.slice(body.indexOf('## Scorecard'), body.indexOf('## Rollout gate'));
    expect(scorecard).toMatch(/\| \*\*workflow\*\* \(dominant\) \| \*\*\d\*\* \(stall driver\) \| .+ \| 1: fact0 .+fact24…, COO \|/);
    expect(scorecard).toContain('| 3: Overrides fell after the new prompt, CIO |');
    expect(markdown).toContain('### The team’s evidence, in full');
    expect(markdown).toContain('fact59');
  });
});
