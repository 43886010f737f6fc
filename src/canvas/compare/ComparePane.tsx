import { useCallback, useMemo, useState } from 'react';
import { Background, Controls, type Edge, MarkerType, type NodeChange, type NodeMouseHandler, ReactFlow, type Viewport } from '@xyflow/react';
import type { Finding } from '../../core/analyzer';
import type { ChangeMark, ElementChange } from '../../core/analyzer/compare-states';
import type { MapState } from '../../core/analyzer/map-state';
import { marksOf, openSeverity } from '../../core/picture/marks';
import { formatDuration, type StallMap } from '../../core/model';
import { useStore } from '../../store';
import { useCursorBroadcast } from '../presence/usePresence';
import { changeDetail } from './changeText';
import { PeerCursors } from '../presence/RemoteCursors';
import { rendersOnlyVisible } from '../culling';
import { sizedForFlow } from '../nodes/stepSize';
import { CompareJoinEdge, type CompareJoinFlowEdge } from './CompareJoinEdge';
import { CompareStepNode, type CompareStepFlowNode } from './CompareStepNode';
import { useStableList } from './stableList';

const nodeTypes = { compareStep: CompareStepNode };
const edgeTypes = { compareJoin: CompareJoinEdge };
const NO_MARKS: readonly ChangeMark[] = [];

export interface ComparePaneProps {
  state: MapState;
  title: string;
  /** The state as a map of its own. */
  map: StallMap;
  /** That state's findings and critical path: review mode dims what is neither flagged, changed, nor on the path. */
  findings: readonly Finding[];
  criticalPath: readonly string[];
  changes: ReadonlyMap<string, ElementChange>;
  names: (id: string) => string;
  viewport: Viewport;
  onViewportChange: (viewport: Viewport) => void;
  /** How far out the shared viewport goes (compareMinZoom). */
  minZoom: number;
}

/** One state, read-only, in a React Flow of its own whose viewport the compare view shares with the other pane. */
export function ComparePane({ state, title, map, findings, criticalPath, changes, names, viewport, onViewportChange, minZoom }: ComparePaneProps) {
  const selection = useStore((s) => s.selection);
  const exporting = useStore((s) => s.exporting);
  const select = useStore((s) => s.select);
  const cursorEvents = useCursorBroadcast();
  const selected = useMemo(() => new Set(selection), [selection]);
  // Each flagged step or join as the canvas marks it: its most severe open finding (core/picture/marks.ts).
  const flagged = useMemo(() => marksOf(findings), [findings]);
  const onPath = useMemo(() => new Set(criticalPath), [criticalPath]);
  // The sizes React Flow measures, kept on the nodes: a picture of the pane (picture.ts) frames the
  // nodes by their measured size, and in the compare view today's pane is the page's canvas.
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const onNodesChange = useCallback((changes: NodeChange<CompareStepFlowNode>[]) => {
    const sized = changes.flatMap((c) => (c.type === 'dimensions' && c.dimensions ? [[c.id, c.dimensions] as const] : []));
    if (sized.length) setMeasured((prior) => ({ ...prior, ...Object.fromEntries(sized) }));
  }, []);

  // What each element shows, as the values it is drawn from: its change (the same object while the
  // element is unchanged, ComparisonMemo), what the change says (worked out only for a changed
  // element: the names of the steps it mentions may change), its finding and the critical path.
  const marking = useCallback(
    (id: string) => {
      const change = changes.get(id);
      return { change, detail: change ? changeDetail(change, names) : '', severity: openSeverity(flagged.get(id)), critical: onPath.has(id) };
    },
    [changes, names, flagged, onPath],
  );

  // Each node and edge is made again only when something it shows changed, and React Flow is
  // handed the same array when nothing did (stableList.ts). Its inputs are what it is drawn
  // from, not the class names and texts made of them: a colleague's edit then costs a few
  // lookups per element of both states, not every element's texts made again.
  const stableNodes = useStableList<CompareStepFlowNode>();
  const nodes = useMemo(
    () =>
      stableNodes(
        map.steps.map((step, i) => {
          const { change, detail, severity, critical } = marking(step.id);
          const isSelected = selected.has(step.id);
          return {
            key: step.id,
            inputs: [step, step.position ? 0 : i, change, detail, severity, critical, isSelected, measured[step.id]],
            make: (): CompareStepFlowNode => ({
              id: step.id,
              type: 'compareStep',
              position: step.position ?? { x: (i % 8) * 240, y: Math.floor(i / 8) * 160 },
              data: { step, marks: change?.marks ?? NO_MARKS, detail },
              selected: isSelected,
              className: markClasses(change?.marks, severity, critical) || undefined,
              draggable: false,
              connectable: false,
              // Sized before it is drawn, so that a large state mounts only the steps in view; without
              // a size, React Flow mounted every step of both states to measure it (9,800 at 4,900 a state).
              ...sizedForFlow(step, measured[step.id]),
            }),
          };
        }),
      ),
    [stableNodes, map.steps, marking, selected, measured],
  );

  const stableEdges = useStableList<CompareJoinFlowEdge>();
  const edges = useMemo(
    () =>
      stableEdges(
        map.joins.map((join) => {
          const { change, detail, severity, critical } = marking(join.id);
          const isSelected = selected.has(join.id);
          return {
            key: join.id,
            inputs: [join, change, detail, severity, critical, isSelected, title],
            make: (): CompareJoinFlowEdge => {
              const handoff = join.handoff ?? 'manual';
              const wait = join.waitMinutes ? formatDuration(join.waitMinutes) : '';
              return {
                id: join.id,
                type: 'compareJoin',
                source: join.from,
                target: join.to,
                label: [join.label, handoff, wait].filter(Boolean).join(' · '),
                className: `compare-join handoff-${handoff} ${markClasses(change?.marks, severity, critical)}`.trim(),
                selected: isSelected,
                markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
                data: { change: change?.marks.join(' ') ?? '', detail },
                ariaLabel: `${title}: join ${[join.label, handoff, wait].filter(Boolean).join(', ')}${change ? ` (${change.marks.join(', ')})` : ''}`,
              };
            },
          };
        }),
      ),
    [stableEdges, map.joins, marking, selected, title],
  );

  const onNodeClick: NodeMouseHandler = useCallback((_event, node) => select([node.id]), [select]);
  const onEdgeClick = useCallback((_event: unknown, edge: Edge) => select([edge.id]), [select]);
  const onPaneClick = useCallback(() => select([]), [select]);

  return (
    <section className={`compare-pane compare-${state}`} data-compare-state={state} aria-label={title} {...cursorEvents}>
      <h2 className="compare-pane-title">{title}</h2>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        viewport={viewport}
        onViewportChange={onViewportChange}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onPaneClick={onPaneClick}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesReconnectable={false}
        elementsSelectable
        deleteKeyCode={null}
        minZoom={minZoom}
        maxZoom={2.5}
        // As on the canvas: a large state renders only what is on screen, a picture every step.
        onlyRenderVisibleElements={rendersOnlyVisible(map.steps) && !exporting}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
        <PeerCursors />
      </ReactFlow>
    </section>
  );
}

/** The classes that mark an element: changed (and how), flagged by a finding, on the critical path. */
function markClasses(marks: readonly ChangeMark[] = NO_MARKS, severity: Finding['severity'] | undefined, critical: boolean): string {
  return [marks.length ? 'is-change' : '', severity ? `finding-${severity}` : '', critical ? 'on-critical-path' : '', ...marks.map((m) => `change-${m}`)].filter(Boolean).join(' ');
}
