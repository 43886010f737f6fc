import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';
import { MAP_VIEWS, type MapView } from '../../store/uiSlice';
import { DiscardRedesign } from './DiscardRedesign';
import { hasRedesign } from './hasRedesign';
import { useViewInLink } from './viewLink';
import { isolated } from '../presence/isolated';
import './redesign.css';

const LABELS: Record<MapView, { label: string; title: string }> = {
  now: { label: 'Now', title: "Today's workflow, as it is" },
  redesign: { label: 'Redesign', title: 'The workflow as the team redesigns it, edited apart from today’s' },
  compare: { label: 'Compare', title: 'Both states side by side: what changed, and what it buys' },
};

/**
 * Dots drawn on an option for the people on it; the rest are counted. A board of thirty drew
 * thirty dots in "Now", which pushed Redesign and Compare past a phone's screen.
 */
const MOST_DOTS = 5;

/**
 * Switches the canvas between today's map, its redesign and the two compared; the address keeps
 * the choice, so a link can open the redesign. Each option shows who else is on it. Everyone may
 * switch: a review or view link looks at both states (and changes neither).
 */
export function ViewToggle({ editable }: { editable: boolean }) {
  useViewInLink();
  const { view, setView, follow, following } = useStore(useShallow((s) => ({ view: s.view, setView: s.setView, follow: s.follow, following: s.following })));
  const peers = useStore((s) => s.peers);
  const exists = useStore((s) => hasRedesign(s.map));
  const choose = (next: MapView) => {
    // Choosing a state by hand ends following, as a pan of one's own does: else the followed
    // person's state would take the page straight back.
    if (following !== null) follow(null);
    setView(next);
  };
  return (
    <div className="view-toggle">
      <fieldset className="view-toggle-options" aria-label="Which state the canvas shows">
        {MAP_VIEWS.map((option) => {
          const here = peers.filter((p) => p.view === option);
          const who = here.length > 0 ? `Here: ${here.map((p) => isolated(p.name)).join(', ')}` : '';
          return (
            <button
              key={option}
              type="button"
              aria-pressed={view === option}
              title={LABELS[option].title}
              // Who is on it, said after the option's name: the dots and their count are not in the
              // name, which read "Now +3" to a screen reader, a number without what it counts.
              aria-description={who ? `${LABELS[option].title}. ${who}` : undefined}
              onClick={() => choose(option)}
              data-view={option}
            >
              {LABELS[option].label}
              {here.length > 0 && (
                <span className="view-peers" title={who} aria-hidden="true">
                  {here.slice(0, MOST_DOTS).map((p) => (
                    <span key={p.clientId} className="view-peer" style={{ background: p.color }} data-peer={p.name} />
                  ))}
                  {here.length > MOST_DOTS && <span className="view-peers-more">+{here.length - MOST_DOTS}</span>}
                </span>
              )}
            </button>
          );
        })}
      </fieldset>
      {view === 'redesign' && exists && editable && <DiscardRedesign />}
    </div>
  );
}
