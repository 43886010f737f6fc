import type { StallMap } from '../../core/model';
import { pastLimits } from '../../collab/writeGuard';
import { useStore } from '../../store';
import type { MapLimits } from '../../store/sessionSlice';
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
  const overLimits = useStore((s) => copyOverLimits(s.map, s.limits));
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
                : (overLimits ??
                  'The redesign starts as a copy of today’s map. Redraw it here; today’s map stays as it is, and Compare shows what changed.')}
            </p>
            {!todayIsEmpty && !overLimits && (
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

/**
 * Why today's map cannot be copied into a redesign, if it cannot: the server takes today's state
 * and the redesign together up to its limits, and refuses a copy that passes them (the page would
 * hold a change it can never save).
 */
function copyOverLimits(map: StallMap | null, limits: MapLimits | null): string | null {
  if (!map || !limits) return null;
  const today = { steps: map.steps.length, joins: map.joins.length };
  const why = pastLimits(today, today, limits);
  return why ? `Today’s map is too large to copy into a redesign: with a copy, ${why}. Draw the redesign here from the palette instead.` : null;
}
