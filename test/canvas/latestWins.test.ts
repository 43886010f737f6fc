import { describe, expect, it } from 'vitest';
import { LatestWins } from '../../src/canvas/findings/latestWins';

/** A job whose end the test decides: real promises, settled by hand. */
function jobs() {
  const started: number[] = [];
  const ends: { resolve(value: string): void; reject(error: Error): void }[] = [];
  const run = (input: number) => {
    started.push(input);
    return new Promise<string>((resolve, reject) => ends.push({ resolve, reject }));
  };
  return { started, ends, run };
}

/** Lets every settled promise's reactions run. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('latest wins: one job at a time, at most one waiting', () => {
  it('runs the first input at once and, of those handed over meanwhile, only the last', async () => {
    const { started, ends, run } = jobs();
    const shown: string[] = [];
    const queue = new LatestWins(run, (output: string) => shown.push(output));
    for (const input of [1, 2, 3, 4]) queue.submit(input);
    expect(started).toEqual([1]);
    expect(queue.pending).toBe(true);
    ends[0].resolve('one');
    await flush();
    // The first result is newer than what is on screen: it is shown while the last one runs.
    expect(shown).toEqual(['one']);
    expect(started).toEqual([1, 4]);
    ends[1].resolve('four');
    await flush();
    expect(shown).toEqual(['one', 'four']);
    expect(queue.pending).toBe(false);
  });

  it('never shows a result after a newer one was shown by other means', async () => {
    const { started, ends, run } = jobs();
    const shown: string[] = [];
    const queue = new LatestWins(run, (output: string) => shown.push(output));
    queue.submit(1);
    queue.submit(2);
    // A newer map was analysed on the spot and shown: neither the running nor the waiting job may follow it.
    queue.supersede();
    ends[0].resolve('one');
    await flush();
    expect(shown).toEqual([]);
    expect(started).toEqual([1]);
    // A later input runs and is shown as usual.
    queue.submit(3);
    expect(started).toEqual([1, 3]);
    ends[1].resolve('three');
    await flush();
    expect(shown).toEqual(['three']);
  });

  it('drops a result that arrives after the next input was superseded, even if it finished later', async () => {
    const { ends, run } = jobs();
    const shown: string[] = [];
    const queue = new LatestWins(run, (output: string) => shown.push(output));
    queue.submit(1);
    queue.submit(2);
    ends[0].resolve('one');
    await flush();
    queue.supersede();
    ends[1].resolve('two');
    await flush();
    expect(shown).toEqual(['one']);
  });

  it('reports a failed job and goes on with the one waiting', async () => {
    const { started, ends, run } = jobs();
    const shown: string[] = [];
    const failures: [string, number][] = [];
    const queue = new LatestWins(run, (output: string) => shown.push(output), (error, input) => failures.push([(error as Error).message, input]));
    queue.submit(1);
    queue.submit(2);
    ends[0].reject(new Error('worker died'));
    await flush();
    expect(failures).toEqual([['worker died', 1]]);
    expect(started).toEqual([1, 2]);
    ends[1].resolve('two');
    await flush();
    expect(shown).toEqual(['two']);
  });

  it('a job that throws before returning a promise is a failed job too', async () => {
    const failures: unknown[] = [];
    const queue = new LatestWins<number, string>(
      () => {
        throw new Error('no worker');
      },
      () => {},
      (error) => failures.push(error),
    );
    queue.submit(1);
    await flush();
    expect(failures).toHaveLength(1);
    expect(queue.pending).toBe(false);
  });

  it('once closed, shows nothing more and starts nothing more', async () => {
    const { started, ends, run } = jobs();
    const shown: string[] = [];
    const queue = new LatestWins(run, (output: string) => shown.push(output));
    queue.submit(1);
    queue.submit(2);
    queue.close();
    ends[0].resolve('one');
    await flush();
    queue.submit(3);
    expect(shown).toEqual([]);
    expect(started).toEqual([1]);
  });
});
