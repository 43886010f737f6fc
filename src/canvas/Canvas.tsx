import { useCallback, useEffect, useRef, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
} from '@xyflow/react';
import type { StallMap, StepKind } from '../core/model';
import { useStore } from '../store';
import { JoinEdge } from './edges/JoinEdge';
import { StepNode } from './nodes/StepNode';
import { PALETTE_MIME } from './panels/Palette';
import { RemoteCursors } from './presence/RemoteCursors';
import { useCursorBroadcast } from './presence/usePresence';
import { useSession } from './SessionContext';
import { useFlowElements } from './useFlowElements';

const nodeTypes = { step: StepNode };
const edgeTypes = { join: JoinEdge };

export function Canvas({ map, editable }: { map: StallMap; editable: boolean }) {
  const { commands, undo } = useSession();
  const flow = useReactFlow();
  const { nodes, edges, onNodesChange, onEdgesChange } = useFlowElements(map, editable);
  const select = useStore((s) => s.select);
  const exporting = useStore((s) => s.exporting);
  const wrapper = useRef<HTMLDivElement>(null);
  const onPointerMove = useCursorBroadcast();

  // A page that may not change the map (a review or view link, review mode) offers no connection
  // at all: no handle starts one (StepNode), none is valid, and none is made.
  const onConnect = useCallback(
    (connection: Connection) => {
      if (!editable) return;
      const id = commands.connect(connection.source, connection.target);
      if (id) select([id]);
    },
    [commands, editable, select],
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
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = commands.addStep(kind, { x: at.x - 100, y: at.y - 40 });
      if (id) select([id]);
    },
    [commands, editable, flow, select],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  // Fit the whole map once its steps are measured: the first render has no sizes to fit yet.
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (initialized && !fitted.current) {
      fitted.current = true;
      void flow.fitView({ maxZoom: 1 });
    }
  }, [initialized, flow]);

  const onPaneClick = useCallback(() => select([]), [select]);
  const onNodeDragStart = useCallback(() => undo.stopCapturing(), [undo]);

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
        isValidConnection={isValidConnection}
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
        onlyRenderVisibleElements={!exporting && nodes.length > 200}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <MiniMap pannable zoomable nodeClassName={(node: Node) => `minimap-${(node.data as { step?: { kind?: string } }).step?.kind ?? 'step'}`} />
        <Controls showInteractive={false} />
        <RemoteCursors />
      </ReactFlow>
    </div>
  );
}
