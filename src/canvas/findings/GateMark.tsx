import type { Gate } from '../../core/analyzer';

/** Marks a finding that is one of the 30-day gates, and says who must act on it and how. */
export function GateMark({ gate, number }: { gate: Gate; number: number }) {
  const { owner } = gate;
  return (
    <div className="gate-mark" data-gate={number}>
      <span className="gate-badge">30-day gate {number}</span>
      <p className="gate-owner">
        {owner.name ? (
          <>
            {/* A name typed on the map, in any script: isolated, a right-to-left one keeps the role after it in place. */}
            <strong>
              <bdi>{owner.name}</bdi>
            </strong>{' '}
            ({owner.role}) must {owner.action}
          </>
        ) : (
          owner.action
        )}
      </p>
    </div>
  );
}
