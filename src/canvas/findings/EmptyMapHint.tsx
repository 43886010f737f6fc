import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { awaitingMap } from '../../store/awaitingMap';

/**
 * The first-visit hint on a map with no steps: what to draw first and how, over the empty canvas.
 * It lets clicks through to the canvas, and goes away with the first step. (The redesign view's
 * empty state says its own thing.) Not while the server's first answer is awaited: a page turned
 * away from a full map waited under "An empty map" for as long as it was refused.
 */
export function EmptyMapHint({ map, editable }: { map: StallMap; editable: boolean }) {
  const redesign = useStore((s) => s.view === 'redesign');
  const awaiting = useStore(awaitingMap);
  if (map.steps.length > 0 || redesign || awaiting) return null;
  return (
    <div className={`empty-map-hint${editable ? ' with-palette' : ''}`} role="note">
      <div className="empty-map-hint-card">
        <h2>An empty map</h2>
        {editable ? (
          <p>
            Start with a <strong>Start</strong> step (what triggers the work) and an <strong>End</strong> step (its outcome) from the palette on the
            left, then the steps between. Drag from a step’s right handle to another step to join them. Until the line runs from start to end,
            the findings say what it still lacks.
          </p>
        ) : (
          <p>Nothing is drawn yet. The steps appear here as the team draws them.</p>
        )}
      </div>
    </div>
  );
}
