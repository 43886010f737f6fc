import type { Join, Step } from '../../core/model';
import { useStore } from '../../store';
import { focusWhenDrawn } from '../focusWhenDrawn';

/**
 * A step's joins, in and then out, each a button that opens the join in the inspector. This is
 * the keyboard's way to a join: joins are kept out of the canvas's Tab order (Canvas.tsx), where
 * React Flow would put every one of them before the first step.
 */
export function StepJoins({ step, steps, joins }: { step: Step; steps: Step[]; joins: Join[] }) {
  const select = useStore((s) => s.select);
  const label = (id: string) => steps.find((s) => s.id === id)?.label ?? id;
  const listed: [Join, string][] = [...joins.filter((j) => j.to === step.id).map((j): [Join, string] => [j, `From ${label(j.from)}`]), ...joins.filter((j) => j.from === step.id).map((j): [Join, string] => [j, `To ${label(j.to)}`])];
  if (listed.length === 0) return null;
  return (
    <div className="step-joins">
      <h3>Joins</h3>
      <ul>
        {listed.map(([join, text]) => (
          <li key={join.id}>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                select([join.id]);
                focusWhenDrawn('.inspector h2');
              }}
            >
              {text}
            </button>{' '}
            <span className="field-hint">
              {join.handoff}
              {join.label ? `, ${join.label}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
