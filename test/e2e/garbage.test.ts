import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadFixture } from '../fixtures/load';
import { connect, synced } from '../server/helpers';
import { canvasSteps } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();


describe('a client that writes nonsense into the doc', () => {
  it('cannot crash another person’s page: the valid rest renders, the garbage is counted', async () => {
    const created = await env.app.createMap(loadFixture('contract-review'));
    const { page } = await env.browser.person('Victim');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(created.links.edit);
    await expect.poll(() => canvasSteps(page)).toHaveLength(4);

    // A hostile editor, with the stock client: wrong types for every field, a join to nowhere,
    // a 100 kB label (a bigger message is refused by the server's 1 MiB limit), a cycle of 1,000
    // steps and joins, nonsense in meta. (A step that is not a map at all no longer reaches anyone:
    // the server refuses the whole update for its shape, test/server/poison-nested.test.ts.)
    const { doc, provider } = connect(env.app.syncUrl, created.id, created.tokens.edit);
    await synced(provider);
    doc.transact(() => {
      const steps = doc.getMap<Y.Map<unknown>>('steps');
      const joins = doc.getMap<Y.Map<unknown>>('joins');
      const item = (fields: Record<string, unknown>) => {
        const map = new Y.Map<unknown>();
        for (const [k, v] of Object.entries(fields)) map.set(k, v);
        return map;
      };
      steps.set('bad-types', item({ kind: 42, label: ['x'], owner: { name: 1 }, workMinutes: 'soon', position: 'here' }));
      steps.set('huge', item({ kind: 'human', label: 'x'.repeat(100 * 1024) }));
      joins.set('to-nowhere', item({ from: 'sum', to: 'ghost', handoff: 'manual' }));
      joins.set('bad-handoff', item({ from: 'in', to: 'sum', handoff: 'carrier pigeon' }));
      for (let i = 0; i < 1000; i++) steps.set(`loop${i}`, item({ kind: 'human', label: `Loop ${i}`, position: { x: i * 5, y: 900 } }));
      for (let i = 0; i < 1000; i++) joins.set(`lj${i}`, item({ from: `loop${i}`, to: `loop${(i + 1) % 1000}`, handoff: 'manual' }));
      doc.getMap('meta').set('title', { not: 'text' });
      doc.getMap('meta').set('settings', 'loud');
    });

    // Five items, not six: the join to nowhere is left out without a report (a join to a step that
    // is gone is what editing together leaves, src/collab/doc.ts isStepGone).
    await expect.poll(() => page.locator('.banner.skipped').textContent(), { timeout: 10_000 }).toContain('5 items in this map could not be read');
    expect(await page.locator('.banner.skipped').getAttribute('title')).not.toContain('to-nowhere');
    expect(await page.locator('.react-flow__edge[data-id="to-nowhere"]').count()).toBe(0);
    expect(await page.locator('.react-flow__node[data-id="sum"]').count()).toBe(1);
    expect(await page.locator('[data-metric="open-errors"]').count()).toBe(1);
    expect(errors).toEqual([]);

    // The server's own export and analysis survive it too.
    const stored = await env.app.getMap(created.id, created.links.edit);
    expect(stored.steps.map((s) => s.id)).toContain('sum');
    expect(stored.steps.map((s) => s.id)).not.toContain('bad-types');
    provider.destroy();
  });
});
