import type { LoopAdjacency } from './loops';

/**
 * Dominators of the steps the starts reach (Cooper, Harvey and Kennedy's iterative algorithm
 * over a reverse postorder from a virtual root before every start), as a test "does a dominate
 * b" answered in constant time from the dominator tree's pre- and post-order numbers. Which
 * step dominates which does not depend on the walk's order, so neither does the result.
 */
export function dominatorTree(graph: LoopAdjacency, starts: readonly number[], dropped: Uint8Array, reached: Uint8Array): (a: number, b: number) => boolean {
  const n = graph.stepCount;
  const { outStart, outJoins, inStart, inJoins, from, to } = graph;
  const ROOT = n;
  // Reverse postorder of an iterative depth-first walk from the root.
  const postorder = new Int32Array(n + 1).fill(-1);
  const order: number[] = [];
  const cursor = new Int32Array(n);
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  for (const s of starts) {
    if (seen[s]) continue;
    seen[s] = 1;
    stack.push(s);
    cursor[s] = outStart[s];
    while (stack.length > 0) {
      const v = stack[stack.length - 1];
      if (cursor[v] < outStart[v + 1]) {
        const j = outJoins[cursor[v]++];
        const w = to[j];
        if (!dropped[j] && w >= 0 && !seen[w]) {
          seen[w] = 1;
          cursor[w] = outStart[w];
          stack.push(w);
        }
      } else {
        stack.pop();
        postorder[v] = order.length;
        order.push(v);
      }
    }
  }
  postorder[ROOT] = order.length;
  const idom = new Int32Array(n + 1).fill(-1);
  idom[ROOT] = ROOT;
  const isStart = new Uint8Array(n);
  for (const s of starts) {
    idom[s] = ROOT;
    isStart[s] = 1;
  }
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (postorder[a] < postorder[b]) a = idom[a];
      while (postorder[b] < postorder[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = order.length - 1; k >= 0; k--) {
      const v = order[k];
      if (isStart[v]) continue;
      let next = -1;
      for (let e = inStart[v]; e < inStart[v + 1]; e++) {
        const j = inJoins[e];
        const u = from[j];
        if (dropped[j] || u < 0 || !reached[u] || idom[u] < 0) continue;
        next = next < 0 ? u : intersect(u, next);
      }
      if (next >= 0 && idom[v] !== next) {
        idom[v] = next;
        changed = true;
      }
    }
  }
  // Pre- and post-order numbers of the dominator tree: a dominates b when b's interval is inside a's.
  const childStart = new Int32Array(n + 2);
  for (let v = 0; v < n; v++) if (idom[v] >= 0) childStart[idom[v] + 1] += 1;
  for (let v = 0; v <= n; v++) childStart[v + 1] += childStart[v];
  const fill = childStart.slice(0, n + 1);
  const children = new Int32Array(childStart[n + 1]);
  for (let v = 0; v < n; v++) if (idom[v] >= 0) children[fill[idom[v]]++] = v;
  const enter = new Int32Array(n + 1);
  const leave = new Int32Array(n + 1);
  const walk = [ROOT];
  const next = childStart.slice(0, n + 1);
  let clock = 0;
  enter[ROOT] = clock++;
  while (walk.length > 0) {
    const v = walk[walk.length - 1];
    if (next[v] < childStart[v + 1]) {
      const c = children[next[v]++];
      enter[c] = clock++;
      walk.push(c);
    } else {
      leave[v] = clock++;
      walk.pop();
    }
  }
  return (a, b) => idom[a] >= 0 && idom[b] >= 0 && enter[a] <= enter[b] && leave[b] <= leave[a];
}
