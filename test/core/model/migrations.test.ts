import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, migrate, migrations, type Migration, parseMap } from '../../../src/core/model';
import { loadFixture } from '../../fixtures/load';

describe('migrations', () => {
  it('leaves a current map as it is', () => {
    const map = { ...loadFixture('contract-review'), version: 2 };
    const result = migrate(map);
    expect(result).toEqual({ ok: true, value: map, applied: [] });
  });

  it('brings a version 1 map to version 2 by the named step, its content unchanged', () => {
    const map = loadFixture('contract-review');
    expect(map.version).toBe(1);
    const result = migrate(map);
    expect(result).toEqual({ ok: true, value: { ...map, version: 2 }, applied: [migrations[0].name] });
    expect(parseMap(map)).toMatchObject({ ok: true, map: { version: 2, steps: map.steps } });
  });

  it('has a step from every older version to the current one', () => {
    for (let version = 1; version < CURRENT_VERSION; version++) expect(migrations.filter((m) => m.from === version)).toHaveLength(1);
  });

  it('runs named steps in order up to the target version', () => {
    const steps: Migration[] = [
      { name: 'rename-owners', from: 1, up: (raw) => ({ ...raw, owners: 'renamed' }) },
      { name: 'add-lanes', from: 2, up: (raw) => ({ ...raw, lanes: [] }) },
    ];
    const result = migrate({ version: 1, title: 'x' }, steps, 3);
    expect(result).toEqual({ ok: true, value: { version: 3, title: 'x', owners: 'renamed', lanes: [] }, applied: ['rename-owners', 'add-lanes'] });
  });

  it('refuses a map from a newer Stallmap, and a gap in the steps', () => {
    expect(migrate({ version: 9 })).toMatchObject({ ok: false, errors: [{ path: 'version' }] });
    expect(migrate({ version: 1 }, [], 2)).toMatchObject({ ok: false, errors: [{ path: 'version', message: 'no migration from version 1' }] });
  });
});
