import { CURRENT_VERSION } from './schema';
import type { SchemaError } from './errors';

/**
 * A named step that upgrades a raw map (as parsed JSON) from `from` to `from + 1`. Each format
 * change adds its step here and a test fixture of the old version.
 */
export interface Migration {
  name: string;
  from: number;
  up(raw: Record<string, unknown>): Record<string, unknown>;
}

export const migrations: readonly Migration[] = [
  {
    // Version 2 only added optional fields (volume, cost, program, assessment, external steps,
    // join shares and rework marks, the redesign): a version 1 map is a valid version 2 map.
    name: 'v1-to-v2: volume, program, shares, rework and redesign are optional additions',
    from: 1,
    up: (raw) => raw,
  },
];

export type MigrationResult =
  | { ok: true; value: unknown; applied: string[] }
  | { ok: false; errors: SchemaError[] };

/** Brings a raw map up to the current version; leaves non-objects and unversioned input to the schema. */
export function migrate(
  raw: unknown,
  steps: readonly Migration[] = migrations,
  target: number = CURRENT_VERSION,
): MigrationResult {
  if (!isRecord(raw) || typeof raw.version !== 'number') return { ok: true, value: raw, applied: [] };
  if (raw.version > target) {
    return {
      ok: false,
      errors: [{ path: 'version', message: `version ${raw.version} is newer than this Stallmap understands (${target})` }],
    };
  }
  let value = raw;
  const applied: string[] = [];
  while ((value.version as number) < target) {
    const version = value.version as number;
    const step = steps.find((m) => m.from === version);
    if (!step) return { ok: false, errors: [{ path: 'version', message: `no migration from version ${version}` }] };
    value = { ...step.up(value), version: version + 1 };
    applied.push(step.name);
  }
  return { ok: true, value, applied };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
