import { readFileSync } from 'node:fs';
import { describeErrors, parseMapJson, type StallMap } from '../../../src/core/model';

/** A map from test/fixtures (path relative to it), through the real schema: a broken fixture fails loudly. */
export function loadMap(path: string): StallMap {
  const file = new URL(`../../fixtures/${path}`, import.meta.url);
  const parsed = parseMapJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`fixture ${path} is not a valid map:\n${describeErrors(parsed.errors)}`);
  return parsed.map;
}

/**
 * The contract-review map with a redesign worked out by hand in redesign.test.ts: the check
 * samples one contract in ten, and every join is automatic with no wait.
 */
export function contractReviewRedesigned(): StallMap {
  const now = loadMap('contract-review.json');
  return {
    ...now,
    redesign: {
      steps: now.steps.map((s) => (s.id === 'chk' ? { ...s, sampleRate: 0.1 } : s)),
      joins: now.joins.map((j) => ({ ...j, handoff: 'system' as const, waitMinutes: 0 })),
    },
  };
}
