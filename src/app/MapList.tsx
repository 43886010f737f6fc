import { useState } from 'react';
import { localTime } from '../canvas/local-time';
import { bestToken, forgetMap, type KnownMap, knownMaps, restoreMap } from './links';

/**
 * The maps this browser has links for. Forgetting one can lose its only edit link (the server
 * never lists maps), so it is undoable: a note with Undo takes the place, and the focus, of the
 * row's Forget button, which is gone.
 */
export function MapList() {
  const [maps, setMaps] = useState(knownMaps);
  const [forgotten, setForgotten] = useState<KnownMap | null>(null);

  const forget = (map: KnownMap) => {
    forgetMap(map.id);
    setForgotten(map);
    setMaps(knownMaps());
  };
  const undo = (map: KnownMap) => {
    restoreMap(map);
    setForgotten(null);
    setMaps(knownMaps());
  };

  return (
    <>
      {forgotten && (
        <p className="forgotten" role="status" key={forgotten.id}>
          Forgot “{forgotten.title}” on this browser{forgotten.tokens.edit ? ', with its edit link' : ''}.{' '}
          <button type="button" className="link-button" onClick={() => undo(forgotten)} autoFocus>
            Undo
          </button>
        </p>
      )}
      {maps.length === 0 ? (
        <p className="empty">No maps on this browser yet. Start one above, or open a link someone shared with you.</p>
      ) : (
        <ul className="map-list">
          {maps.map((m) => {
            const best = bestToken(m);
            return (
              <li key={m.id}>
                {best ? <a href={`/m/${m.id}#token=${best.token}`}>{m.title}</a> : <span>{m.title}</span>}
                <span className="role">{best?.role ?? 'no link'}</span>
                {/* Two maps of one title (two "Untitled map"s) are told apart by when each was last opened. */}
                <span className="opened">opened {localTime(m.openedAt)}</span>
                <button type="button" className="link-button" onClick={() => forget(m)} title="Forget this map on this browser (the map itself stays on the server)">
                  Forget
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
