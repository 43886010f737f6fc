import { z } from 'zod';
import { MAP_SCHEMA_URL } from './map-file';
import {
  assessmentEntrySchema,
  CURRENT_VERSION,
  commentSchema,
  joinSchema,
  mapSchema,
  positionSchema,
  programSchema,
  redesignSchema,
  settingsSchema,
  stepSchema,
  waiverSchema,
} from './schema';

/**
 * The map format as a JSON Schema (draft 2020-12), generated from the zod model with zod's own
 * `z.toJSONSchema`, so the published schema cannot drift from what Stallmap accepts. It is
 * written to schema/stallmap-map.json by scripts/build-schema.ts, and a test checks the committed
 * file against this function. Not part of the app's bundle: only the script and tests import it.
 *
 * What JSON Schema cannot say stays Stallmap's job, and the schema's description says so: ids
 * unique across steps and joins, `from`, `to` and `verifies` naming steps of the map, and no join
 * leaving an `end` or entering a `start` (the zod model's cross-reference check).
 */

/**
 * The versions a file may declare and still match this schema. Version 1 differs from version 2
 * only in the number (its migration adds optional fields and changes nothing), so a version 1
 * file is described exactly. When a migration changes the shape, drop the versions it upgrades.
 */
export const SAME_SHAPE_VERSIONS = [1, CURRENT_VERSION] as const;

interface Described {
  id?: string;
  title?: string;
  description?: string;
}

/** Field descriptions an editor shows on hover, by `$defs` entry (or `map` for the top level). */
const FIELD_DOCS: Record<string, Record<string, string>> = {
  map: {
    $schema: 'The JSON Schema this file follows, for editors; Stallmap ignores it.',
    format: 'Always "stallmap/map".',
    version: `The format version: ${CURRENT_VERSION} (version 1 files are read unchanged).`,
    id: "The map's id: 1–64 characters of A-Z a-z 0-9 _ -.",
    title: 'The workflow, as the team names it.',
    steps: 'The units of work, from the trigger (start) to the outcome (end).',
    joins: 'How an item moves from one step to the next.',
    waivers: 'Findings accepted on purpose, with the reason and who accepted them.',
    comments: 'Review threads on steps, joins and findings.',
    settings: "Rule settings, as a linter's config: { \"rules\": { \"<rule id>\": severity or [severity, { options }] } }.",
    volumePerWeek: 'Items entering the workflow per week: turns minutes per item into staff hours per week.',
    costPerHour: "The loaded cost of one staff hour, in the team's currency.",
    program: 'The people and promises around the rollout: sponsor, program lead, 90-day milestone, measures.',
    assessment: "The team's own score of a failure surface, with the evidence; shown beside the computed score.",
    redesign: 'The redesigned workflow: same shapes and rules as the current state, compared by id.',
  },
  step: {
    kind: 'start, end, human, ai, system, approval, verification or handoff.',
    owner: "Who answers for the step's outcome: one person or role, not a team.",
    performer: 'Who does the step (the swimlane).',
    workMinutes: 'Hands-on or processing minutes per item.',
    waitMinutes: 'Minutes an item waits in the queue before the step starts.',
    manualMinutes: 'ai steps: the minutes a person needed for the same work without AI.',
    overrideRate: 'ai steps: the share of outputs reviewers override, 0–1.',
    sampleRate: 'verification steps: the share of items checked, 0–1 (default 1).',
    verifies: 'verification and approval steps: the ids of the steps whose output they check.',
    external: 'The step happens outside the organisation: its time counts, it is never proposed as a gate.',
  },
  join: {
    from: 'The id of the step the item leaves (not an end step).',
    to: 'The id of the step the item enters (not a start step).',
    handoff: 'system (no person), manual (a person moves it) or meeting (it waits for a forum); default manual.',
    waitMinutes: 'Minutes an item spends in transit.',
    share: 'The share of items leaving `from` that take this join, 0–1: the step is then a choice.',
    rework: 'The join sends the item back to be done again (a loop); its share is the rework rate.',
  },
};

/** The map format's JSON Schema, as written to schema/stallmap-map.json. */
export function mapJsonSchema(): Record<string, unknown> {
  const metadata = z.registry<Described>();
  metadata.add(stepSchema, { id: 'step', title: 'Step', description: 'A unit of work.' });
  metadata.add(joinSchema, { id: 'join', title: 'Join', description: 'How an item moves from one step to the next.' });
  metadata.add(positionSchema, { id: 'position', title: 'Position', description: 'Where the step sits on the canvas.' });
  metadata.add(waiverSchema, { id: 'waiver', title: 'Waiver', description: "A finding accepted on purpose: it matches a finding by rule and first target." });
  metadata.add(commentSchema, { id: 'comment', title: 'Comment', description: 'A comment on a step or join (target), or on one of its findings (target and rule).' });
  metadata.add(settingsSchema, { id: 'settings', title: 'Settings', description: "Rule settings, as a linter's config." });
  metadata.add(programSchema, { id: 'program', title: 'Program', description: 'The people and promises around the rollout.' });
  metadata.add(assessmentEntrySchema, { id: 'assessmentEntry', title: 'Assessment entry', description: "The team's own score of a failure surface, 1–5, with the evidence behind it." });
  metadata.add(redesignSchema, { id: 'redesign', title: 'Redesign', description: 'The redesigned workflow, compared with the current state by id.' });

  const generated = z.toJSONSchema(mapSchema, {
    target: 'draft-2020-12',
    // The file as written, before defaults are filled in: `handoff`, `waivers` and `comments` may be left out.
    io: 'input',
    metadata,
    // A zod type with no JSON Schema equivalent must fail the build, not vanish from the schema.
    // (Refinements, such as the cross-reference check, are skipped by zod: described below.)
    unrepresentable: 'throw',
  }) as Record<string, unknown> & { properties: Record<string, Record<string, unknown>>; $defs: Record<string, Record<string, unknown>> };

  const { $schema, properties, $defs, ...rest } = generated;
  const map = {
    $schema,
    $id: MAP_SCHEMA_URL,
    title: 'Stallmap map',
    description:
      `A Stallmap map, format version ${CURRENT_VERSION} (docs/format.md). Durations are minutes per item. ` +
      'Stallmap also checks what JSON Schema cannot: ids are unique across steps and joins, `from`, `to` and ' +
      '`verifies` name steps of the map (of the redesign, inside it), and no join leaves an end step or enters a start step.',
    ...rest,
    properties: {
      $schema: { type: 'string' },
      ...properties,
      version: { type: 'integer', enum: [...SAME_SHAPE_VERSIONS] },
    },
    $defs,
  };
  describeFields(map.properties, FIELD_DOCS.map);
  describeFields(props(generated.$defs.step), FIELD_DOCS.step);
  describeFields(props(generated.$defs.join), FIELD_DOCS.join);
  return map;
}

function props(definition: Record<string, unknown> | undefined): Record<string, Record<string, unknown>> {
  return (definition?.properties ?? {}) as Record<string, Record<string, unknown>>;
}

/** Puts each description on its field, first among its keys; a description of a field that no longer exists fails loudly. */
function describeFields(properties: Record<string, Record<string, unknown>>, docs: Record<string, string>) {
  for (const [field, description] of Object.entries(docs)) {
    const schema = properties[field];
    if (!schema) throw new Error(`mapJsonSchema: no field '${field}' to describe`);
    properties[field] = { description, ...schema };
  }
}
