import { z } from 'zod';
import { MAX_MINUTES } from './duration';

/**
 * The map format, version 2 (docs/format.md). Zod is the source of truth: the types below come
 * from it. Version 1 files are migrated (migrations.ts): every version 2 field is optional.
 */

export const FORMAT = 'stallmap/map';
export const CURRENT_VERSION = 2;

export const STEP_KINDS = ['start', 'end', 'human', 'ai', 'system', 'approval', 'verification', 'handoff'] as const;
export const HANDOFFS = ['system', 'manual', 'meeting'] as const;
export const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The longest name of a person (a comment's author, a waiver's or a score's `by`, a sponsor): also
 * the longest name a connection may declare (server/sync/upgrade.ts) and a person may type
 * (NamePrompt), so that nothing signed under a name the page offers is unreadable later.
 */
export const MAX_NAME_LENGTH = 120;

export const idSchema = z
  .string({ error: 'must be an id (text)' })
  .regex(ID_PATTERN, { error: 'must be 1–64 characters of A-Z a-z 0-9 _ -' });

// The "at most" messages are written when one is needed: toLocaleString is the first use of Intl,
// which costs a server 7 MiB and about 30 ms if it runs as this module loads.
const text = (max: number, min = 0) =>
  z
    .string({ error: 'must be text' })
    .min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .max(max, { error: () => `must be at most ${max.toLocaleString('en')} characters` });

/**
 * Upper bounds keep every sum, product and share finite: ten years of minutes per item, a
 * billion items a week, a million per hour. Nothing real comes near them; a typo does.
 */
const bounded = (what: string, max: number) =>
  z
    .number({ error: `must be a number${what}` })
    .min(0, { error: 'must be ≥ 0' })
    .max(max, { error: () => `must be at most ${max.toLocaleString('en')}` });
const minutes = bounded(' of minutes', MAX_MINUTES);
export const volumeSchema = bounded(' of items per week', 1_000_000_000);
export const costSchema = bounded(' (cost of one staff hour)', 1_000_000);
const share = z
  .number({ error: 'must be a number from 0 to 1' })
  .min(0, { error: 'must be from 0 to 1' })
  .max(1, { error: 'must be from 0 to 1' });

export const positionSchema = z.strictObject({
  x: z.number({ error: 'must be a number' }),
  y: z.number({ error: 'must be a number' }),
});

export const stepSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(STEP_KINDS, { error: `must be one of ${STEP_KINDS.join(', ')}` }),
  label: text(200, 1),
  description: text(5000).optional(),
  notes: text(5000).optional(),
  owner: text(120).optional(),
  performer: text(120).optional(),
  workMinutes: minutes.optional(),
  waitMinutes: minutes.optional(),
  manualMinutes: minutes.optional(),
  overrideRate: share.optional(),
  sampleRate: share.optional(),
  verifies: z.array(idSchema, { error: 'must be a list of step ids' }).optional(),
  /** Version 2: the step happens outside the organisation; its time counts, it is never a gate. */
  external: z.boolean({ error: 'must be true or false' }).optional(),
  position: positionSchema.optional(),
});

export const joinSchema = z.strictObject({
  id: idSchema,
  from: idSchema,
  to: idSchema,
  handoff: z.enum(HANDOFFS, { error: `must be one of ${HANDOFFS.join(', ')}` }).default('manual'),
  waitMinutes: minutes.optional(),
  label: text(200, 1).optional(),
  notes: text(5000).optional(),
  /** Version 2: the share of items leaving `from` that take this join (the step is then a choice). */
  share: share.optional(),
  /** Version 2: the join sends the item back to be done again; its share is the rework rate. */
  rework: z.boolean({ error: 'must be true or false' }).optional(),
});

export const waiverSchema = z.strictObject({
  rule: text(64, 1),
  target: idSchema,
  reason: text(5000, 1),
  by: text(MAX_NAME_LENGTH, 1),
  at: text(64, 1),
});

/**
 * A comment on a step or join (`target`), or on one of its findings (`target` plus `rule`).
 * Review threads use two optional fields, both backward compatible (docs/format.md, "Comments"):
 * `replyTo` (the thread's first comment) and `resolved` (on the first comment: the thread is closed).
 */
export const commentSchema = z.strictObject({
  id: idSchema,
  target: idSchema,
  rule: text(64, 1).optional(),
  replyTo: idSchema.optional(),
  resolved: z.boolean({ error: 'must be true or false' }).optional(),
  author: text(MAX_NAME_LENGTH, 1),
  text: text(5000, 1),
  at: text(64, 1),
});

const ruleSetting = z.union(
  [
    z.enum(SEVERITIES),
    z.tuple([z.enum(SEVERITIES), z.record(z.string(), z.unknown())]),
  ],
  { error: `must be one of ${SEVERITIES.join(', ')}, or [severity, { options }]` },
);

export const settingsSchema = z.strictObject({
  rules: z.record(z.string(), ruleSetting).optional(),
});

const person = text(MAX_NAME_LENGTH, 1);
/** An ISO date, `2027-03-01` (a time may follow). */
const isoDate = text(64, 1).regex(/^\d{4}-\d{2}-\d{2}/, { error: 'must be a date such as 2027-03-01' });

/** Version 2: the people and promises around the rollout. */
export const programSchema = z.strictObject({
  /** Chairs the steering; a sponsor who stays engaged is the best predictor of reaching production. */
  sponsor: person.optional(),
  /** The single program lead accountable for the production date. */
  lead: person.optional(),
  /** The 90-day milestone: one binary thing in production by a date. */
  milestone: z.strictObject({ text: text(500, 1), due: isoDate }).optional(),
  /** What is measured after launch, by whom, how often. */
  measures: z
    .array(
      z.strictObject({ name: text(200, 1), target: text(200, 1).optional(), owner: person.optional(), cadence: text(120, 1).optional() }),
      { error: 'must be a list of measures' },
    )
    .max(50, { error: 'must list at most 50 measures' })
    .optional(),
});

/** Version 2: the team's own score of a failure surface, with the evidence behind it. */
export const assessmentEntrySchema = z.strictObject({
  score: z.number({ error: 'must be a score from 1 to 5' }).int({ error: 'must be a whole score from 1 to 5' }).min(1, { error: 'must be from 1 to 5' }).max(5, { error: 'must be from 1 to 5' }),
  evidence: text(5000, 1),
  by: person.optional(),
  at: text(64, 1).optional(),
});

export const SURFACE_IDS = ['architecture', 'workflow', 'evaluation', 'governance', 'stabilization'] as const;

export const assessmentSchema = z.partialRecord(z.enum(SURFACE_IDS, { error: `must be one of ${SURFACE_IDS.join(', ')}` }), assessmentEntrySchema);

/** Version 2: the redesigned workflow, same shapes and rules as the current state; compared by id. */
export const redesignSchema = z.strictObject({
  steps: z.array(stepSchema, { error: 'must be a list of steps' }),
  joins: z.array(joinSchema, { error: 'must be a list of joins' }),
  notes: text(5000).optional(),
});

export const mapSchema = z
  .strictObject({
    format: z.literal(FORMAT, { error: `must be "${FORMAT}"` }),
    // Checked after migration (migrations.ts), so only a version that is no number gets here: name every one read.
    version: z.literal(CURRENT_VERSION, { error: `must be ${Array.from({ length: CURRENT_VERSION }, (_, i) => i + 1).join(' or ')}` }),
    id: idSchema,
    title: text(200, 1),
    description: text(5000).optional(),
    steps: z.array(stepSchema, { error: 'must be a list of steps' }),
    joins: z.array(joinSchema, { error: 'must be a list of joins' }),
    waivers: z.array(waiverSchema, { error: 'must be a list of waivers' }).default([]),
    comments: z.array(commentSchema, { error: 'must be a list of comments' }).default([]),
    settings: settingsSchema.optional(),
    volumePerWeek: volumeSchema.optional(),
    costPerHour: costSchema.optional(),
    program: programSchema.optional(),
    assessment: assessmentSchema.optional(),
    redesign: redesignSchema.optional(),
  }, { error: 'must be a map: a JSON object with format, version, id, title, steps and joins' })
  .superRefine((map, ctx) => {
    for (const issue of crossReferenceIssues(map)) ctx.addIssue({ code: 'custom', ...issue });
    if (map.redesign) {
      for (const issue of crossReferenceIssues(map.redesign)) ctx.addIssue({ code: 'custom', ...issue, path: ['redesign', ...issue.path] });
    }
  });

export type StepKind = (typeof STEP_KINDS)[number];
export type Handoff = (typeof HANDOFFS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Position = z.infer<typeof positionSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Join = z.infer<typeof joinSchema>;
export type Waiver = z.infer<typeof waiverSchema>;
export type Comment = z.infer<typeof commentSchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type Program = z.infer<typeof programSchema>;
export type Assessment = z.infer<typeof assessmentSchema>;
export type AssessmentEntry = z.infer<typeof assessmentEntrySchema>;
export type Redesign = z.infer<typeof redesignSchema>;
export type RuleSetting = NonNullable<Settings['rules']>[string];
export type StallMap = z.infer<typeof mapSchema>;

interface PathIssue {
  path: (string | number)[];
  message: string;
}

/** Just what the cross-reference check reads, so it can also run on input that failed elsewhere. */
export interface References {
  steps: { id: string; kind: string; verifies?: string[] }[];
  joins: { id: string; from: string; to: string }[];
}

/** What the item schemas cannot see alone: unique ids, and joins and `verifies` naming real steps. */
export function crossReferenceIssues(map: References): PathIssue[] {
  const issues: PathIssue[] = [];
  const kindOf = new Map<string, string>();
  const seen = new Set<string>();
  // Ids that fail their own pattern were reported by the item schema; don't pile on.
  const wellFormed = (id: string) => ID_PATTERN.test(id);
  const claim = (id: string, path: (string | number)[]) => {
    if (!wellFormed(id)) return;
    if (seen.has(id)) issues.push({ path, message: `duplicate id '${id}'` });
    seen.add(id);
  };
  map.steps.forEach((step, i) => {
    claim(step.id, ['steps', i, 'id']);
    kindOf.set(step.id, step.kind);
  });
  map.joins.forEach((join, i) => {
    claim(join.id, ['joins', i, 'id']);
    const from = kindOf.get(join.from);
    const to = kindOf.get(join.to);
    if (!wellFormed(join.from) || !wellFormed(join.to)) return;
    if (!from) issues.push({ path: ['joins', i, 'from'], message: `no step '${join.from}'` });
    else if (from === 'end') issues.push({ path: ['joins', i, 'from'], message: `a join may not start at an end step ('${join.from}')` });
    if (!to) issues.push({ path: ['joins', i, 'to'], message: `no step '${join.to}'` });
    else if (to === 'start') issues.push({ path: ['joins', i, 'to'], message: `a join may not end at a start step ('${join.to}')` });
  });
  map.steps.forEach((step, i) => {
    step.verifies?.forEach((target, j) => {
      if (wellFormed(target) && !kindOf.has(target)) issues.push({ path: ['steps', i, 'verifies', j], message: `no step '${target}'` });
    });
  });
  return issues;
}
