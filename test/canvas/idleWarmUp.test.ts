import { expect, it } from 'vitest';
import { warmWhileIdle } from '../../src/canvas/findings/idleWarmUp';

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

it('runs the work the given number of times, one run per task', async () => {
  const runs: number[] = [];
  warmWhileIdle((run) => runs.push(run), 5);
  // Nothing runs in the caller's own task.
  expect(runs).toEqual([]);
  await expect.poll(() => runs.length).toBe(5);
  expect(runs).toEqual([0, 1, 2, 3, 4]);
  await nextTask();
  expect(runs).toHaveLength(5);
});

it('stops when told, with runs still to go', async () => {
  const runs: number[] = [];
  // As the worker does when a map comes in while it warms up.
  const warming = warmWhileIdle((run) => {
    runs.push(run);
    if (run === 2) warming.stop();
  }, 1000);
  await expect.poll(() => runs.length).toBe(3);
  await nextTask();
  await nextTask();
  expect(runs).toEqual([0, 1, 2]);
});
