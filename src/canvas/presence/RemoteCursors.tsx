import { useMemo } from 'react';
import { ViewportPortal, useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { useStore } from '../../store';
import { LABEL_OFFSET, stackLabels } from './labelStack';
import { useViewportSharing } from './usePresence';

/** Other people's cursors with their names, drawn in flow coordinates; this page's view shared with them. */
export function RemoteCursors() {
  useViewportSharing();
  return <PeerCursors />;
}

const zoomOf = (state: ReactFlowState) => state.transform[2];

/**
 * Just the cursors, for a view that shares its viewport itself (the compare view draws them in
 * each pane: both show the same spot, so "here" reads the same on either side).
 *
 * A cursor sits at its flow position but keeps its screen size: drawn at the view's scale, a name
 * was 5 px high on a workshop map fitted to the screen. Names that would cover each other are
 * stacked below (labelStack.ts). None while this person has hidden them (Presence.tsx).
 */
export function PeerCursors() {
  const peers = useStore((s) => s.peers);
  const zoom = useFlowStore(zoomOf);
  const pointing = useMemo(() => peers.flatMap((peer) => (peer.cursor ? [{ ...peer, cursor: peer.cursor }] : [])), [peers]);
  const down = useMemo(() => stackLabels(pointing.map(({ clientId, name, cursor }) => ({ clientId, name, x: cursor.x * zoom, y: cursor.y * zoom }))), [pointing, zoom]);
  const hidden = useStore((s) => s.cursorsHidden);
  if (hidden) return null;
  return (
    <ViewportPortal>
      {pointing.map((peer) => (
        <div
          key={peer.clientId}
          className="remote-cursor"
          style={{ transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px) scale(${1 / zoom})`, color: peer.color }}
          data-peer={peer.name}
        >
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden>
            <path d="M1 1l5.5 13 1.8-5.2L13.5 7z" fill="currentColor" stroke="white" strokeWidth="1" />
          </svg>
          <span className="remote-cursor-name" style={{ background: peer.color, top: LABEL_OFFSET + (down.get(peer.clientId) ?? 0) }}>
            {peer.name}
          </span>
        </div>
      ))}
    </ViewportPortal>
  );
}
