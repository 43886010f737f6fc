import { describe, expect, it } from 'vitest';
import { migrate, migrations, type Migration } from '../../../src/core/model';
import { loadFixture } from '../../fixtures/load';

describe('migrations', () => {
  it('leaves a current map as it is', () => {
    const map = loadFixture('contract-review');
    const result = migrate(map);
    expect(result).toEqual({ ok: true, value: map, applied: [] });
  });

  it('has a step from every older version to the current one', () => {
    // Version 1 is the first format: no steps yet. The next format change must add one.
    expect(migrations.filter((m) => m.from < 1)).toEqual([]);
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
