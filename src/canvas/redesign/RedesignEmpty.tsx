import { useStore } from '../../store';
import { useSession } from '../SessionContext';
import { hasRedesign } from './hasRedesign';
import './redesign.css';

/**
 * The redesign view before there is a redesign: an editor starts it as a copy of today's map (one
 * step of undo; the copies keep their ids, so the two states compare element by element), and
 * anyone else is told there is none yet.
 */
export function RedesignEmpty({ editable }: { editable: boolean }) {
  const { redesignCommands } = useSession();
  const shown = useStore((s) => s.view === 'redesign' && s.map !== null && !hasRedesign(s.map));
  const todayIsEmpty = useStore((s) => (s.map?.steps.length ?? 0) === 0);
  if (!shown) return null;
  return (
    <div className="redesign-empty">
      <section className="redesign-empty-card" aria-label="No redesign yet">
        <h2>No redesign yet</h2>
        {editable ? (
          <>
            <p>
              {todayIsEmpty
                ? 'Today’s map has no steps to copy: draw the redesign here from the palette.'
                : 'The redesign starts as a copy of today’s map. Redraw it here; today’s map stays as it is, and Compare shows what changed.'}
            </p>
            {!todayIsEmpty && (
              <button type="button" className="redesign-start" onClick={() => redesignCommands.startRedesign()}>
                Start the redesign from today’s map
              </button>
            )}
          </>
        ) : (
          <p>When the team starts one, it appears here.</p>
        )}
      </section>
    </div>
  );
}
