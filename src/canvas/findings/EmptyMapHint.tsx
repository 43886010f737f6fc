import type { StallMap } from '../../core/model';
import { useStore } from '../../store';

/**
 * The first-visit hint on a map with no steps: what to draw first and how, over the empty canvas.
 * It lets clicks through to the canvas, and goes away with the first step. (The redesign view's
 * empty state says its own thing.)
 */
export function EmptyMapHint({ map, editable }: { map: StallMap; editable: boolean }) {
  const redesign = useStore((s) => s.view === 'redesign');
  if (map.steps.length > 0 || redesign) return null;
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
