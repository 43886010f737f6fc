import { useState } from 'react';
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
  const cursorsHidden = useStore((s) => s.cursorsHidden);
  const hideCursors = useStore((s) => s.hideCursors);
  // Drawn while it holds the focus, even once the last colleague has left: taken away under the
  // keyboard, it would drop the focus to the page's body, where a screen reader says nothing.
  const [toggleFocused, setToggleFocused] = useState(false);
  const status = useStore((s) => s.status);
  const unsynced = useStore((s) => s.unsynced);
  // A change too large for one message going out in parts (collab/send-pacer.ts): by whole percents, not every part.
  const sendingPercent = useStore((s) => (s.sending ? Math.floor((100 * s.sending.sent) / s.sending.total) : null));
  return (
    <div className="presence">
      <ul className="avatars" aria-label="People on this map">
        {peers.map((peer) => {
          const action = following === peer.clientId ? `Following ${isolated(peer.name)}: click to stop` : `Follow ${isolated(peer.name)}'s view`;
          return (
            <li key={peer.clientId}>
              {/* Named by the action, the person's whole name in it: initials alone were all a screen reader said ("D W, button").
                  The initials drawn end the name, for whoever speaks to the page ("click D W") or checks it against the screen. */}
              <button
                type="button"
                className={`avatar${following === peer.clientId ? ' is-following' : ''}`}
                style={{ background: peer.color }}
                title={action}
                aria-label={`${action}, ${initials(peer.name)}`}
                onClick={() => follow(following === peer.clientId ? null : peer.clientId)}
                data-peer={peer.name}
              >
                {initials(peer.name)}
              </button>
            </li>
          );
        })}
      </ul>
      {/* With others here, how many in all: a facilitator waiting for ten should not have to count overlapping circles. */}
      {peers.length > 0 && (
        <span className="presence-count" title={`${plural(peers.length + 1, 'person', 'people')} on this map, you included`}>
          {peers.length + 1} here
        </span>
      )}
      {/* On a projected screen, a room's worth of cursors moving over the map is noise: one click hides them (the avatars stay), and the browser remembers. */}
      {(peers.length > 0 || toggleFocused) && (
        <button
          type="button"
          className="cursors-toggle"
          onFocus={() => setToggleFocused(true)}
          onBlur={() => setToggleFocused(false)}
          aria-pressed={!cursorsHidden}
          aria-label="Others’ cursors"
          title={cursorsHidden ? 'Show the others’ cursors' : 'Hide the others’ cursors (for a shared screen)'}
          onClick={() => hideCursors(!cursorsHidden)}
        >
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden>
            <path d="M1 1l5.5 13 1.8-5.2L13.5 7z" fill={cursorsHidden ? 'none' : 'currentColor'} stroke="currentColor" strokeWidth="1.2" />
            {cursorsHidden && <path d="M1 15L15 1" stroke="currentColor" strokeWidth="1.5" />}
          </svg>
        </button>
      )}
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
