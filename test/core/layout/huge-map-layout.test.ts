import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { generateMap } from '../../../bench/generate-map';
import { layeredLayout } from '../../../src/core/layout/layered';
import type { Position } from '../../../src/core/model';

/**
 * Auto-layout on maps ELK cannot take. It runs in a browser worker, whose stack is smaller than
 * Node's: there ELK's recursion ran out of stack on a 5,000-step map and nothing moved. Here the
 * layout runs in a Node process given a small stack, on generated maps with branches, rework
 * loops, side entries and steps joined to nothing.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));

async function layoutOnStack(stackKb: number, steps: number): Promise<Record<string, Position>> {
  const script = `
import { generateMap } from './bench/generate-map.ts';
import { layoutMap } from './src/core/layout/elk.ts';
console.log(JSON.stringify(await layoutMap(generateMap(${steps}, 7))));
`;
  const { stdout } = await promisify(execFile)(process.execPath, [`--stack-size=${stackKb}`, '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
}

it('lays out a 5,000-step map within a worker-sized stack: every step placed, none on another', async () => {
  const map = generateMap(5000, 7);
  const at = await layoutOnStack(400, 5000);
  expect(map.steps.filter((s) => Number.isInteger(at[s.id]?.x) && Number.isInteger(at[s.id]?.y))).toHaveLength(map.steps.length);
  // Unmeasured steps are all 200 × 96: sorted by x, a step can only overlap the next few.
  const boxes = map.steps.map((s) => at[s.id]).sort((a, b) => a.x - b.x);
  let overlaps = 0;
  for (const [i, a] of boxes.entries()) {
    for (let k = i + 1; k < boxes.length && boxes[k].x < a.x + 200; k++) if (Math.abs(boxes[k].y - a.y) < 96) overlaps++;
  }
  expect(overlaps).toBe(0);
}, 60_000);

it('falls back to its own layout when ELK runs out of stack on a smaller map', async () => {
  // On a 200 KB stack ELK's recursion runs out on this 1,000-step map (it needs about 400 KB).
  const map = generateMap(1000, 7);
  const at = await layoutOnStack(200, 1000);
  expect(at).toEqual(layeredLayout(map));
}, 60_000);
