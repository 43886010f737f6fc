import { useStore } from '../../store';
import { plural } from '../../core/plural';
import { isolated } from '../presence/isolated';

// 'Resyncing…': connected, but an edit has gone unconfirmed for seconds and is being sent again (collab/liveness.ts).
const STATUS_TEXT = { connecting: 'Connecting…', connected: 'Connected', resyncing: 'Resyncing…', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;

/** Who is on the map (click to follow their view) and whether my edits are reaching them. */
export function Presence() {
  const peers = useStore((s) => s.peers);
  const following = useStore((s) => s.following);
  const follow = useStore((s) => s.follow);
  const status = useStore((s) => s.status);
  const unsynced = useStore((s) => s.unsynced);
  // A change too large for one message going out in parts (collab/send-pacer.ts): by whole percents, not every part.
  const sendingPercent = useStore((s) => (s.sending ? Math.floor((100 * s.sending.sent) / s.sending.total) : null));
  return (
    <div className="presence">
      <ul className="avatars" aria-label="People on this map">
        {peers.map((peer) => (
          <li key={peer.clientId}>
            <button
              type="button"
              className={`avatar${following === peer.clientId ? ' is-following' : ''}`}
              style={{ background: peer.color }}
              title={following === peer.clientId ? `Following ${isolated(peer.name)}: click to stop` : `Follow ${isolated(peer.name)}'s view`}
              onClick={() => follow(following === peer.clientId ? null : peer.clientId)}
              data-peer={peer.name}
            >
              {initials(peer.name)}
            </button>
          </li>
        ))}
      </ul>
      <span className={`connection is-${status}`} role="status" data-status={status}>
        {STATUS_TEXT[status]}
        {status !== 'connected' && unsynced > 0 ? ` · ${plural(unsynced, 'unsynced change')}` : ''}
        {sendingPercent !== null ? ` · sending your change to the others: ${sendingPercent}%` : ''}
      </span>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}
