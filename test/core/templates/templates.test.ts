import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { templates } from '../../../src/core/templates';

/**
 * A template is the first map a facilitator opens: its numbers must be whole, or the summary's
 * first words say "(numbers missing)" about a map nobody in the room drew.
 */
describe('templates', () => {
  it.each(templates.map((t) => [t.name, t.map] as const))('%s has every number its metrics read', (_name, map) => {
    expect(analyze(map).metrics.missing).toEqual([]);
  });
});
