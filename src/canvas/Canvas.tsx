import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  getViewportForBounds,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type Node,
} from '@xyflow/react';
import type { StallMap, StepKind } from '../core/model';
import { useStore } from '../store';
import { joinAriaLabel, stepAriaLabel } from './ariaLabels';
import { CanvasMessage } from './CanvasMessage';
import { useClipboard } from './clipboard';
import { ownAdds, useDrawing } from './drawingState';
import { JoinEdge, type JoinFlowEdge } from './edges/JoinEdge';
import { StepNode, type StepFlowNode } from './nodes/StepNode';
import { PALETTE_MIME } from './panels/Palette';
import { RemoteCursors } from './presence/RemoteCursors';
import { useCursorBroadcast } from './presence/usePresence';
import { useSession } from './SessionContext';
import { useAddStep } from './useAddStep';
import { useConnectSteps } from './useConnectSteps';
import { useFlowElements } from './useFlowElements';
import { useKeyboardConnect } from './useKeyboardConnect';
import { useSettleNewSteps } from './useSettleNewSteps';
import './drawing.css';

const nodeTypes = { step: StepNode };
/** Steps from which only the visible ones are rendered: below it, the whole map costs little and stays reachable off screen. */
const CULL_FROM_STEPS = 200;
const edgeTypes = { join: JoinEdge };
// One function for the page: a new one on each render would redraw every step of the minimap.
const minimapClass = (node: Node) => `minimap-${(node.data as { step?: { kind?: string } }).step?.kind ?? 'step'}`;

export function Canvas({ map, editable }: { map: StallMap; editable: boolean }) {
  const { undo } = useSession();
  const flow = useReactFlow();
  const flowElements = useFlowElements(map, editable);
  const { onNodesChange, onEdgesChange } = flowElements;
  const { nodes, edges } = useAriaLabels(map, flowElements.nodes, flowElements.edges);
  const select = useStore((s) => s.select);
  const exporting = useStore((s) => s.exporting);
  const wrapper = useRef<HTMLDivElement>(null);
  // Only the first render reads it: the view React Flow starts from, until fitted below.
  const [initialViewport] = useState(() => roughFit(map.steps));
  const onPointerMove = useCursorBroadcast();
  const add = useAddStep();
  const connectSteps = useConnectSteps(map);
  useSettleNewSteps(map.steps, editable);
  useClipboard(map, editable);
  useKeyboardConnect(map, editable);

  // A page that may not change the map (a review or view link, review mode) offers no connection
  // at all: no handle starts one (StepNode), none is valid, and none is made.
  const onConnect = useCallback(
    (connection: Connection) => {
      if (!editable) return;
      connectSteps(connection.source, connection.target);
    },
    [connectSteps, editable],
  );

  // A join dropped anywhere on a step, not only on its small input handle, joins it (the handle
  // is 10 px; a step is 200): whatever step is under the pointer when the drag ends.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!editable || state.isValid || !state.fromNode || state.fromHandle?.type !== 'source') return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point) return;
      const under = document.elementFromPoint(point.clientX, point.clientY)?.closest<HTMLElement>('.react-flow__node');
      const to = under?.dataset.id;
      if (to) connectSteps(state.fromNode.id, to);
    },
    [connectSteps, editable],
  );

  const isValidConnection = useCallback(
    // A step joined to itself says nothing a rework loop through another step doesn't.
    (connection: Connection | Edge) => editable && connection.source !== connection.target,
    [editable],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME) as StepKind;
      if (!kind || !editable) return;
      event.preventDefault();
      add.at(kind, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [add, editable, flow],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  // Fit the whole map once its steps are measured: the first render has no sizes to fit yet.
  // A map that opened empty has nothing to fit: the first step this person adds stays where it
  // was put, rather than the view jumping to it (and the next step landing where it was).
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || !initialized) return;
    fitted.current = true;
    if (!map.steps.every((s) => ownAdds.has(s.id))) void flow.fitView({ maxZoom: 1 });
  }, [initialized, flow, map.steps]);

  const onPaneClick = useCallback(() => select([]), [select]);
  const onNodeDragStart = useCallback(
    (_event: unknown, _node: Node, dragged: Node[]) => {
      undo.stopCapturing();
      // A step moved by hand stays where it is put: it is no longer settled as just added.
      for (const node of dragged) ownAdds.delete(node.id);
    },
    [undo],
  );
  const onNodeDoubleClick = useCallback(
    (_event: ReactMouseEvent, node: Node) => {
      if (editable) useDrawing.getState().rename(node.id);
    },
    [editable],
  );

  return (
    <div className="canvas" ref={wrapper} onDrop={onDrop} onDragOver={onDragOver} onPointerMove={onPointerMove}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        connectionRadius={40}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        zoomOnDoubleClick={false}
        onPaneClick={onPaneClick}
        onNodeDragStart={onNodeDragStart}
        nodesDraggable={editable}
        nodesConnectable={editable}
        connectOnClick={editable}
        edgesReconnectable={false}
        elementsSelectable
        deleteKeyCode={null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        minZoom={0.05}
        maxZoom={2.5}
        // A large map renders only what is on screen, at every zoom; a small one keeps every step
        // in the page, where the keyboard and a screen reader can reach it; a picture needs every step.
        onlyRenderVisibleElements={!exporting && nodes.length > CULL_FROM_STEPS}
        defaultViewport={initialViewport}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <MiniMap pannable zoomable nodeClassName={minimapClass} />
        {/* Zoom only: the toolbar's "Fit view" is the one fit button. */}
        <Controls showInteractive={false} showFitView={false} />
        <RemoteCursors />
      </ReactFlow>
      <CanvasMessage />
    </div>
  );
}

/**
 * Every step and join carries an ARIA label that says what it is ("AI step: Draft reply, owner
 * Ana, work 30m"; "Join from Draft reply to Review, manual hand-off"). Labelled copies are kept
 * per React Flow element, so an element that did not change keeps its identity (and React Flow
 * does not redraw it).
 */
function useAriaLabels(map: StallMap, nodes: StepFlowNode[], edges: JoinFlowEdge[]) {
  const nodeCache = useRef(new WeakMap<StepFlowNode, StepFlowNode>());
  const labelled = useMemo(
    () =>
      nodes.map((node) => {
        let copy = nodeCache.current.get(node);
        if (!copy) {
          copy = { ...node, ariaLabel: stepAriaLabel(node.data.step) };
          nodeCache.current.set(node, copy);
        }
        return copy;
      }),
    [nodes],
  );
  // A join's label names its steps: relabelled when a step is renamed, not on every drag frame.
  const labelsRef = useRef(new Map<string, string>());
  const labels = useMemo(() => {
    const prior = labelsRef.current;
    const next = new Map(map.steps.map((s) => [s.id, s.label]));
    if (next.size === prior.size && map.steps.every((s) => prior.get(s.id) === s.label)) return prior;
    labelsRef.current = next;
    return next;
  }, [map.steps]);
  // Each labelled join kept while its edge and its label stay the same: React Flow redraws only what changed.
  const edgeCache = useRef(new WeakMap<JoinFlowEdge, JoinFlowEdge>());
  const labelledEdges = useMemo(
    () =>
      edges.map((edge) => {
        if (!edge.data) return edge;
        const ariaLabel = joinAriaLabel(edge.data.join, (id) => labels.get(id) ?? id);
        const prior = edgeCache.current.get(edge);
        if (prior?.ariaLabel === ariaLabel) return prior;
        const copy = { ...edge, ariaLabel };
        edgeCache.current.set(edge, copy);
        return copy;
      }),
    [edges, labels],
  );
  return { nodes: labelled, edges: labelledEdges };
}

/** Where the steps are before React Flow has measured any: each drawn at about a whole step's size. */
const ROUGH_STEP = { width: 224, height: 90 };

/**
 * A view of the whole map, from the steps' positions alone, for React Flow's first render. The
 * exact fit needs every step measured first; starting at about the right zoom means a large map
 * is first drawn (and measured) as cheap boxes (farZoom.ts) instead of thousands of whole steps.
 */
function roughFit(steps: StallMap['steps']) {
  if (!steps.length || typeof window === 'undefined') return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  steps.forEach((step, i) => {
    // The same place useFlowElements gives a step that has none.
    const { x, y } = step.position ?? { x: (i % 8) * 240, y: Math.floor(i / 8) * 160 };
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + ROUGH_STEP.width);
    maxY = Math.max(maxY, y + ROUGH_STEP.height);
  });
  return getViewportForBounds({ x: minX, y: minY, width: maxX - minX, height: maxY - minY }, window.innerWidth, window.innerHeight, 0.05, 1, 0.1);
}
