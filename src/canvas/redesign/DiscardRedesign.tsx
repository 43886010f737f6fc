import { useState } from 'react';
import { useSession } from '../SessionContext';

/**
 * Discarding the redesign removes it for everyone on the map, so the page asks first; it is one
 * step of undo, and the confirmation says so.
 */
export function DiscardRedesign() {
  const { redesignCommands } = useSession();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button type="button" className="link-button" onClick={() => setAsking(true)} title="Remove the redesign for everyone (Ctrl+Z brings it back)">
        Discard redesign…
      </button>
      {asking && (
        <div className="dialog-backdrop" role="presentation" onClick={() => setAsking(false)}>
          <div className="dialog" role="dialog" aria-labelledby="discard-redesign-title" onClick={(e) => e.stopPropagation()}>
            <h2 id="discard-redesign-title">Discard the redesign?</h2>
            <p>The redesigned steps and joins are removed for everyone on this map; today’s map stays as it is. Undo (Ctrl+Z) brings the redesign back.</p>
            <div className="dialog-actions">
              <button
                type="button"
                className="danger"
                onClick={() => {
                  redesignCommands.discardRedesign();
                  setAsking(false);
                }}
              >
                Discard the redesign
              </button>
              <button type="button" autoFocus onClick={() => setAsking(false)}>
                Keep it
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
