import type { LoopAdjacency } from './loops';

/**
 * Tarjan's strongly connected components, iterative (a 50,000-step loop must not overflow the
 * stack), over the steps of one region and the joins between them that are not dropped. Returns
 * only the parts that hold a loop: two steps or more, or one step with a join to itself.
 */
export class StronglyConnected {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly cursor: Int32Array;

  constructor(
    private readonly graph: LoopAdjacency,
    private readonly region: Int32Array,
    private readonly dropped: Uint8Array,
  ) {
    const n = graph.stepCount;
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.cursor = new Int32Array(n);
  }

  of(steps: readonly number[], regionId: number): number[][] {
    const { index, low, onStack, cursor, region, dropped } = this;
    const { outStart, outJoins, to } = this.graph;
    const inRegion = (j: number) => !dropped[j] && to[j] >= 0 && region[to[j]] === regionId;
    const parts: number[][] = [];
    const stack: number[] = [];
    const calls: number[] = [];
    let counter = 0;
    const open = (v: number) => {
      index[v] = low[v] = counter++;
      cursor[v] = outStart[v];
      stack.push(v);
      onStack[v] = 1;
      calls.push(v);
    };
    for (const root of steps) {
      if (index[root] >= 0) continue;
      open(root);
      while (calls.length > 0) {
        const v = calls[calls.length - 1];
        if (cursor[v] < outStart[v + 1]) {
          const j = outJoins[cursor[v]++];
          if (!inRegion(j)) continue;
          const w = to[j];
          if (index[w] < 0) open(w);
          else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
          continue;
        }
        calls.pop();
        if (calls.length > 0) {
          const parent = calls[calls.length - 1];
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] !== index[v]) continue;
        // Most parts are a single step without a loop: told apart without making a list of it.
        if (stack[stack.length - 1] === v) {
          stack.pop();
          onStack[v] = 0;
          if (this.hasSelfLoop(v, inRegion)) parts.push([v]);
          continue;
        }
        const part: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          part.push(w);
        } while (w !== v);
        if (part.length > 1 || this.hasSelfLoop(v, inRegion)) parts.push(part.sort((a, b) => a - b));
      }
    }
    for (const v of steps) index[v] = -1; // ready for the next region
    return parts;
  }

  private hasSelfLoop(v: number, inRegion: (j: number) => boolean): boolean {
    const { outStart, outJoins, to } = this.graph;
    for (let k = outStart[v]; k < outStart[v + 1]; k++) if (to[outJoins[k]] === v && inRegion(outJoins[k])) return true;
    return false;
  }
}
