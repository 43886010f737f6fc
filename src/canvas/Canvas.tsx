import { useCallback, useMemo, useRef, type CSSProperties, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type Node,
} from '@xyflow/react';
import type { StallMap, StepKind } from '../core/model';
import { useStore } from '../store';
import { stepAriaLabel } from './ariaLabels';
import { CanvasMessage } from './CanvasMessage';
import { useClipboard } from './clipboard';
import { useShallow } from 'zustand/react/shallow';
import { type DrawingState, placedByHand, useDrawing } from './drawingState';
import { FarJoins } from './edges/FarJoins';
import { JoinEdge, type JoinFlowEdge } from './edges/JoinEdge';
import { useJoinAriaLabels } from './edges/useJoinAriaLabels';
import { useFar } from './nodes/farZoom';
import { FarSteps } from './nodes/FarSteps';
import { secondClickOnBox, secondClickThroughBox } from './nodes/useFarStepGestures';
import { StepNode, type StepFlowNode } from './nodes/StepNode';
import { sizedForFlow } from './nodes/stepSize';
import { useRevealInChunks } from './nodes/useRevealInChunks';
import { Minimap } from './panels/Minimap';
import { PALETTE_MIME } from './panels/Palette';
import { RemoteCursors } from './presence/RemoteCursors';
import { useCursorBroadcast } from './presence/usePresence';
import { useSession } from './SessionContext';
import { startGesture } from '../collab/undo';
import { useAddStep } from './useAddStep';
import { useConnectSteps } from './useConnectSteps';
import { useFlowElements } from './useFlowElements';
import { useKeyboardConnect } from './useKeyboardConnect';
import { useFocusAfterRemoval } from './useFocusAfterRemoval';
import { useReadingOrder } from './readingOrder';
import { rendersOnlyVisible } from './culling';
import { useLayerWhileMoving } from './useLayerWhileMoving';
import { useFarSelectionBox } from './useFarSelectionBox';
import { useSettleNewSteps } from './useSettleNewSteps';
import { useOpeningView } from './useOpeningView';
import './drawing.css';

const nodeTypes = { step: StepNode };
const edgeTypes = { join: JoinEdge };

export function Canvas({ map, editable }: { map: StallMap; editable: boolean }) {
  const { undo } = useSession();
  const flow = useReactFlow();
  const flowElements = useFlowElements(map, editable);
  const { onNodesChange, onEdgesChange } = flowElements;
  // In the page in reading order: the order Tab and a screen reader go through the steps.
  // Whether the view is being moved (set below, once useLayerWhileMoving has the nodes this gives).
  const moving = useRef<() => boolean>(() => false);
  const readingOrder = useReadingOrder(flowElements.nodes, moving);
  const select = useStore((s) => s.select);
  const exporting = useStore((s) => s.exporting);
  const showCriticalPath = useStore((s) => s.showCriticalPath);
  // By the map's steps, not React Flow's: its nodes follow the map a render later (an effect), and
  // in the render a large map arrives in, its joins would otherwise reach React Flow as a small map's.
  const large = rendersOnlyVisible(map.steps);
  const flowStore = useStoreApi();
  const shownNodes = useRef<StepFlowNode[]>([]);
  // Whether the step at `index` is on screen now (a margin of a screen around it): what a chunk of the opening counts.
  const onScreen = useCallback(
    (index: number) => {
      const node = shownNodes.current[index];
      const { transform, width, height } = flowStore.getState();
      if (!node || !width || !height) return true;
      const [x, y, zoom] = transform;
      const left = (node.position.x * zoom + x) / width;
      const top = (node.position.y * zoom + y) / height;
      return left > -1 && left < 2 && top > -1 && top < 2;
    },
    [flowStore],
  );
  const revealed = useRevealInChunks(readingOrder.length, large && !exporting, onScreen);
  const far = useFar();
  const busy = useDrawing(useShallow(busySteps));
  // Zoomed out, React Flow holds the steps nobody is working on hidden, and FarSteps draws them.
  const hidden = useCallback((node: StepFlowNode) => far && !node.selected && !busy.includes(node.id), [far, busy]);
  const { nodes, edges, allNodes } = useShownElements(readingOrder, flowElements.edges, revealed, hidden);
  shownNodes.current = allNodes;
  const { flowEdges, farEdges } = useFarSplit(edges, far);
  const cursorEvents = useCursorBroadcast();
  const add = useAddStep();
  const connectSteps = useConnectSteps(map);
  useSettleNewSteps(map.steps, editable);
  useClipboard(map, editable);
  useKeyboardConnect(map, editable);
  const flowWrapper = useRef<HTMLDivElement>(null);
  useFocusAfterRemoval(readingOrder, flowWrapper);

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
      // A step React Flow draws, or a box drawn from afar (FarSteps): both carry the step's id.
      const under = document.elementFromPoint(point.clientX, point.clientY)?.closest<HTMLElement | SVGElement>('[data-step-id]');
      const to = under?.dataset.stepId;
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

  const placed = useOpeningView(allNodes, map.steps);
  const flowNodes = placed || !large ? nodes : NO_NODES;
  // Its joins wait with its steps: before the view is placed the zoom is 1, not far, and React Flow
  // would take every join in (and index each for connections) only to hand most to FarJoins a frame later.
  const flowJoins = useJoinAriaLabels(map.steps, placed || !large ? flowEdges : NO_EDGES);

  const onPaneClick = useCallback(
    (event: ReactMouseEvent) => {
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const covers = (id: string) => {
        const node = flow.getInternalNode(id);
        if (!node) return false;
        const { x, y } = node.internals.positionAbsolute;
        const [width, height] = [node.measured.width ?? node.width ?? 0, node.measured.height ?? node.height ?? 0];
        return at.x >= x && at.x <= x + width && at.y >= y && at.y <= y + height;
      };
      const renamed = editable ? secondClickThroughBox(covers, event.timeStamp) : undefined;
      if (renamed) useDrawing.getState().rename(renamed);
      else select([]);
    },
    [editable, flow, select],
  );
  const dragStarted = useCallback(
    (ids: readonly string[]) => {
      startGesture(undo);
      // A step moved by hand stays where it is put: it is no longer settled as just added.
      for (const id of ids) placedByHand.add(id);
    },
    [undo],
  );
  const onNodeDragStart = useCallback((_event: unknown, _node: Node, dragged: Node[]) => dragStarted(dragged.map((node) => node.id)), [dragStarted]);
  const onFarDragStart = useCallback((id: string) => dragStarted([id]), [dragStarted]);
  const selectionBox = useFarSelectionBox();
  const layer = useLayerWhileMoving(nodes, edges);
  moving.current = () => layer.canvas.current?.classList.contains('is-moving') ?? false;
  const onNodeDoubleClick = useCallback(
    (_event: ReactMouseEvent, node: Node) => {
      if (editable) useDrawing.getState().rename(node.id);
    },
    [editable],
  );
  const onNodeClick = useCallback(
    (event: ReactMouseEvent, node: Node) => {
      if (editable && secondClickOnBox(node.id, event.timeStamp)) useDrawing.getState().rename(node.id);
    },
    [editable],
  );

  return (
    <div className={showCriticalPath ? 'canvas shows-critical-path' : 'canvas'} ref={layer.canvas} onDrop={onDrop} onDragOver={onDragOver} {...cursorEvents}>
      <ReactFlow
        ref={flowWrapper}
        aria-label="Map canvas"
        nodes={flowNodes}
        edges={flowJoins}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        connectionRadius={40}
        isValidConnection={isValidConnection}
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        zoomOnDoubleClick={false}
        onPaneClick={onPaneClick}
        onNodeDragStart={onNodeDragStart}
        onMoveStart={layer.onMoveStart}
        onMoveEnd={layer.onMoveEnd}
        onSelectionStart={selectionBox.onSelectionStart}
        onSelectionEnd={selectionBox.onSelectionEnd}
        nodesDraggable={editable}
        nodesConnectable={editable}
        connectOnClick={editable}
        edgesReconnectable={false}
        elementsSelectable
        // Out of the Tab order: React Flow draws the joins before the steps, so Tab went through
        // every join before the first step. A step's inspector lists its joins (StepJoins.tsx).
        edgesFocusable={false}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        minZoom={0.05}
        maxZoom={2.5}
        // A large map renders only what is on screen, at every zoom; a small one keeps every step
        // in the page, where the keyboard and a screen reader can reach it; a picture needs every step.
        onlyRenderVisibleElements={!exporting && large}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Minimap />
        {/* Zoom only: the toolbar's "Fit view" is the one fit button. */}
        <Controls showInteractive={false} showFitView={false} />
        {farEdges.length > 0 && <FarJoins joins={farEdges} />}
        {far && <FarSteps steps={flowNodes} culled={large && !exporting} editable={editable} onNodesChange={onNodesChange} onDragStart={onFarDragStart} />}
        <RemoteCursors />
      </ReactFlow>
      <CanvasMessage />
    </div>
  );
}

/**
 * Where a step is drawn: by its offset (left, top), not by the translate React Flow gives each
 * step, which a step's own style replaces. Each translated element is a piece the browser sorts
 * into layers again on every frame anything moves: at fit view on 1,000 steps that was 10 ms of a
 * drag frame, and half of it with the steps placed by offset (BENCHMARKS.md).
 */
function placedAt(position: { x: number; y: number }): CSSProperties {
  return { transform: 'none', left: position.x, top: position.y };
}

/**
 * The steps and joins as React Flow gets them (the joins it draws are labelled after: useJoinAriaLabels).
 * Every step carries an ARIA label that says what it is ("AI step: Draft reply, owner Ana, work
 * 30m"), its size (sizedForFlow), its place (placedAt) and whether React Flow holds it hidden (`hidden`:
 * drawn from afar by FarSteps, with its label). While a large map opens, React Flow gets only the
 * first `revealed` steps and the joins between them (useRevealInChunks.ts): each chunk hands React
 * Flow whole arrays, and it goes through every join it holds each time (hidden or not), so at 5,000
 * steps the steps still to come made each chunk cost as much as the whole map. `allNodes` are all
 * of them, for fitting the view to the whole map. Copies are kept per step, so a step that did
 * not change keeps its identity (and React Flow does not redraw it).
 */
function useShownElements(nodes: StepFlowNode[], edges: JoinFlowEdge[], revealed: number, hidden: (node: StepFlowNode) => boolean) {
  const nodeCache = useRef(new WeakMap<StepFlowNode, StepFlowNode>());
  const last = useRef<{ nodes: StepFlowNode[]; hidden: typeof hidden; labelled: StepFlowNode[] } | null>(null);
  const labelled = useMemo(() => {
    // A drag frame changes one node: the others are the copies made last time, found by their
    // place rather than looked up and judged again one by one (1.5 ms a frame at 5,000 steps).
    const prior = last.current?.hidden === hidden ? last.current : null;
    const copies = nodes.map((node, i) => {
      if (prior?.nodes[i] === node) return prior.labelled[i];
      let copy = nodeCache.current.get(node);
      const hide = hidden(node);
      if (!copy || copy.hidden !== hide) {
        copy = copy ? { ...copy, hidden: hide } : { ...node, ariaLabel: stepAriaLabel(node.data.step), ...sizedForFlow(node.data.step, node.measured), style: placedAt(node.position), hidden: hide };
        nodeCache.current.set(node, copy);
      }
      return copy;
    });
    last.current = { nodes, hidden, labelled: copies };
    return copies;
  }, [nodes, hidden]);
  return useMemo(() => {
    if (revealed >= labelled.length) return { nodes: labelled, edges, allNodes: labelled };
    const shown = labelled.slice(0, revealed);
    const ids = new Set(shown.map((n) => n.id));
    return { nodes: shown, edges: edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)), allNodes: labelled };
  }, [labelled, edges, revealed]);
}

const NO_NODES: StepFlowNode[] = [];
const NO_EDGES: JoinFlowEdge[] = [];

/** The steps being renamed or joined with the keyboard (at most three), drawn whole at any zoom. */
function busySteps(drawing: DrawingState): (string | null | undefined)[] {
  return [drawing.renaming, drawing.connecting?.from, drawing.connecting?.target];
}

/**
 * Zoomed out past FAR_ZOOM, React Flow draws only the selected joins (whole: a join being worked
 * on reads at any zoom); the rest are drawn together by FarJoins, one <svg> for all of them.
 */
function useFarSplit(edges: JoinFlowEdge[], far: boolean): { flowEdges: JoinFlowEdge[]; farEdges: JoinFlowEdge[] } {
  return useMemo(() => {
    if (!far) return { flowEdges: edges, farEdges: NO_EDGES };
    const flowEdges = edges.filter((edge) => edge.selected);
    return { flowEdges, farEdges: flowEdges.length ? edges.filter((edge) => !edge.selected) : edges };
  }, [far, edges]);
}
