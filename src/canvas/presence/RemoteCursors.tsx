import { ViewportPortal } from '@xyflow/react';
import { useStore } from '../../store';
import { useViewportSharing } from './usePresence';

/** Other people's cursors with their names, drawn in flow coordinates; this page's view shared with them. */
export function RemoteCursors() {
  useViewportSharing();
  return <PeerCursors />;
}

/**
 * Just the cursors, for a view that shares its viewport itself (the compare view draws them in
 * each pane: both show the same spot, so "here" reads the same on either side).
 */
export function PeerCursors() {
  const peers = useStore((s) => s.peers);
  return (
    <ViewportPortal>
      {peers.map((peer) =>
        peer.cursor ? (
          <div
            key={peer.clientId}
            className="remote-cursor"
            style={{ transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px)`, color: peer.color }}
            data-peer={peer.name}
          >
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden>
              <path d="M1 1l5.5 13 1.8-5.2L13.5 7z" fill="currentColor" stroke="white" strokeWidth="1" />
            </svg>
            <span className="remote-cursor-name" style={{ background: peer.color }}>
              {peer.name}
            </span>
          </div>
        ) : null,
      )}
    </ViewportPortal>
  );
}
