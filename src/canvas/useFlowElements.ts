import { startTransition, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { Position, StallMap } from '../core/model';
import { openSeverity } from '../core/picture/marks';
import { useStore } from '../store';
import type { Mark } from '../store/analysisSlice';
import type { Peer } from '../store/sessionSlice';
import type { JoinFlowEdge } from './edges/JoinEdge';
import type { StepFlowNode } from './nodes/StepNode';
import { useSession } from './SessionContext';
import { endGesture } from '../collab/undo';
import { sameItems } from '../core/same-items';
import { stepOnlyMoved } from './findings/onlyMoved';

/**
 * React Flow's nodes and edges, derived from the store's mirror of the doc. Local node state
 * exists only for what React Flow measures and for a drag in progress: the drag is shown at once,
 * and written to the doc at most once per animation frame.
 */
export function useFlowElements(map: StallMap, editable: boolean) {
  const { commands, undo } = useSession();
  const selection = useStore((s) => s.selection);
  const peers = useStore((s) => s.peers);
  // A new analysis marks the canvas in a render of its own that gives way to input: the summary and
  // the findings show first, and on a large map the marking of every step and join (some 100 ms at
  // 1,000 steps) is neither one long task nor in the way of a keystroke that comes meanwhile.
  const marks = useDeferredValue(useStore((s) => s.marks));
  // The critical path is marked whatever its toggle: review mode leaves it undimmed (review.css);
  // the toggle only draws its outline (findings.css, under the canvas's `shows-critical-path`).
  const criticalPath = useDeferredValue(useStore((s) => s.analysis?.metrics.criticalPath));
  // Each analysis brings a new array: the set is kept while the path is the same, or every step would be looked at again.
  const pathKey = criticalPath?.join('\u0000') ?? '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the set follows the path's content (pathKey), not each new array.
  const onPath = useMemo(() => new Set(criticalPath ?? []), [pathKey]);
  const [nodes, setNodes] = useState<StepFlowNode[]>([]);
  const pending = useRef<Record<string, Position>>({});
  const frame = useRef(0);

  const selectedBy = useMemo(() => colorsBySelection(peers), [peers]);
  const selected = useMemo(() => new Set(selection), [selection]);

  // A node is a new object only when its own step, selection, marks or peers' colours changed, and
  // the array is the same array when no node changed: React Flow then has nothing to take in (each
  // new array is a store update every step and join on screen checks).
  const drawnFrom = useRef<{ steps: StallMap['steps']; selectedBy: Map<string, string[]>; selected: Set<string>; marks: typeof marks; onPath: Set<string> } | null>(null);
  useEffect(() => {
    const before = drawnFrom.current;
    drawnFrom.current = { steps: map.steps, selectedBy, selected, marks, onPath };
    // Only steps changed (a drag frame, an edit): a step still the object its node was drawn from
    // keeps its node with nothing else looked at. On a drag frame at 5,000 steps, working out
    // every step's classes and colours again was 2-3 ms of each frame, to change nothing.
    const onlySteps = before !== null && before.selectedBy === selectedBy && before.selected === selected && before.marks === marks && before.onPath === onPath;
    const update = () =>
      setNodes((previous) => {
        // The steps keep their order from one change to the next: the node in the same place is the
        // step's own but after an insertion or a deletion, when the nodes are looked up by id.
        let byId: Map<string, StepFlowNode> | undefined;
        const priorOf = (id: string, i: number) => {
          if (previous[i]?.id === id) return previous[i];
          byId ??= new Map(previous.map((n) => [n.id, n]));
          return byId.get(id);
        };
        const next = map.steps.map((step, i) => {
          const prior = priorOf(step.id, i);
          if (onlySteps && prior?.data.step === step) return prior;
          const colors = selectedBy.get(step.id) ?? NONE;
          const isSelected = selected.has(step.id);
          const className = classesFor(step.id, marks, onPath);
          if (prior && prior.selected === isSelected && prior.className === className && sameItems(prior.data.selectedBy, colors)) {
            if (prior.data.step === step) return prior;
            // The step being dragged is where the pointer puts it: the doc echoing its position back
            // changes nothing drawn, so it is not handed to React Flow again on every drag frame (its
            // data catches up with the first change once it is dropped).
            if (prior.dragging && stepOnlyMoved(prior.data.step, step)) return prior;
          }
          const position = prior?.dragging ? prior.position : (step.position ?? { x: (i % 8) * 240, y: Math.floor(i / 8) * 160 });
          return { ...prior, id: step.id, type: 'step' as const, position, data: { step, selectedBy: colors }, selected: isSelected, className };
        });
        return sameItems(previous, next) ? previous : next;
      });
    // Marks alone changed (the deferred render above): the steps take them in a transition too.
    if (before?.steps === map.steps && before.selectedBy === selectedBy && before.selected === selected) startTransition(update);
    else update();
  }, [map.steps, selectedBy, selected, marks, onPath]);

  // Each join's edge is kept as the same object while its join, selection and marks stay as they
  // were: selecting one step re-renders that step, not every join of a 5,000-step map.
  const edgeCache = useRef(new Map<string, JoinFlowEdge>());
  const edgesRef = useRef<JoinFlowEdge[]>([]);
  const edges = useMemo<JoinFlowEdge[]>(() => {
    const before = edgeCache.current;
    const after = new Map<string, JoinFlowEdge>();
    const out = map.joins.map((join) => {
      const prior = before.get(join.id);
      const isSelected = selected.has(join.id);
      // The arrowhead is JoinEdge's own shape, coloured with the line by its severity.
      const className = classesFor(join.id, marks, onPath);
      const onCriticalPath = onPath.has(join.id);
      // Drawn from afar with its severity's colour: carried here, so a far join reads no store.
      const flagged = openSeverity(marks.get(join.id));
      const edge: JoinFlowEdge =
        prior && prior.data?.join === join && prior.selected === isSelected && prior.className === className && prior.data.onCriticalPath === onCriticalPath && prior.data.flagged === flagged
          ? prior
          : { id: join.id, type: 'join', source: join.from, target: join.to, data: { join, onCriticalPath, flagged }, selected: isSelected, className };
      after.set(join.id, edge);
      return edge;
    });
    edgeCache.current = after;
    if (!sameItems(edgesRef.current, out)) edgesRef.current = out;
    return edgesRef.current;
  }, [map.joins, selected, marks, onPath]);

  const flush = useCallback(() => {
    frame.current = 0;
    const positions = pending.current;
    pending.current = {};
    if (Object.keys(positions).length) commands.moveSteps(positions);
  }, [commands]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepFlowNode>[]) => {
      let dropped = false;
      for (const change of changes) {
        if (change.type !== 'position') continue;
        // A drop ends the drag's undo step even where nothing was written (a page that may not edit).
        dropped ||= change.dragging === false;
        if (change.position && editable) pending.current[change.id] = change.position;
      }
      if (dropped) {
        // The drop's position is written now, into the drag's own undo step, and only then is the
        // step closed: written a frame later it was an undo step of its own (the drop, where the
        // last move had left it), and Undo after a drag seemed to do nothing.
        cancelAnimationFrame(frame.current);
        flush();
        endGesture(undo);
      } else if (Object.keys(pending.current).length && !frame.current) frame.current = requestAnimationFrame(flush);
      // Removal is a command (useShortcuts, the inspector), never React Flow's; selection lives in the store.
      const local = changes.filter((c) => c.type === 'dimensions' || c.type === 'position');
      if (local.length) setNodes((current) => applyNodeChanges(local, current));
      selectFrom(changes);
    },
    [editable, flush, undo],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<JoinFlowEdge>[]) => selectFrom(changes), []);

  return { nodes, edges, onNodesChange, onEdgesChange };
}

const NONE: string[] = [];

/** Applies React Flow's select changes, for steps and joins alike, to the store's selection. */
function selectFrom(changes: readonly (NodeChange | EdgeChange)[]): void {
  const picks = changes.filter((c) => c.type === 'select');
  if (!picks.length) return;
  const { selection, select } = useStore.getState();
  const next = new Set(selection);
  for (const change of picks) {
    if (change.selected) next.add(change.id);
    else next.delete(change.id);
  }
  select([...next]);
}

/** `finding-error|warning|info` by the most severe open finding (`finding-waived` when all are waived), and the critical path. */
function classesFor(id: string, marks: ReadonlyMap<string, Mark>, onPath: ReadonlySet<string>): string | undefined {
  // Runs for every step and join on each change of the map: no arrays, one string at most.
  const mark = marks.get(id);
  const flag = mark ? `finding-${mark.severity}` : '';
  if (!onPath.has(id)) return flag || undefined;
  return flag ? `${flag} on-critical-path` : 'on-critical-path';
}

function colorsBySelection(peers: Peer[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const peer of peers) for (const id of peer.selection) out.set(id, [...(out.get(id) ?? []), peer.color]);
  return out;
}
