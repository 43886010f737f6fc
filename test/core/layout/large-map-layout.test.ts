import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

/**
 * A 1,000-step map lays out on a browser worker's stack. Auto-layout runs ELK in a worker, whose
 * stack is smaller than Node's: there a 1,000-step map ran out of stack and nothing moved. The
 * layout runs here in a Node process given a stack of 400 KB (where the old options failed too),
 * on a generated map with branches, rework loops and choices.
 */
const SCRIPT = `
import { generateMap } from './bench/generate-map.ts';
import { layoutMap } from './src/core/layout/elk.ts';
const map = generateMap(1000, 7);
const positions = await layoutMap(map);
const placed = map.steps.filter((s) => Number.isFinite(positions[s.id]?.x) && Number.isFinite(positions[s.id]?.y)).length;
const spots = new Set(Object.values(positions).map((p) => p.x + ',' + p.y)).size;
console.log(JSON.stringify({ steps: map.steps.length, placed, spots }));
`;

it('lays out a 1,000-step map within a worker-sized stack, every step placed on its own spot', async () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--stack-size=400', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: root, timeout: 90_000 });
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  expect(result.placed).toBe(result.steps);
  expect(result.spots).toBe(result.steps);
}, 100_000);
