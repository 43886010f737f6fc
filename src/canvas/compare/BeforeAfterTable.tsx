import type { RedesignAnalysis } from '../../core/analyzer';
import { beforeAfterRows } from '../../core/analyzer/before-after';

/**
 * Today against the redesign, figure by figure, in the summary line's units: what the board asks
 * ("14,178 → 960 min"), so it leads the compare view. Every figure here is better lower; a change
 * reads green when the redesign improves it, red when it makes it worse.
 */
export function BeforeAfterTable({ redesign }: { redesign: Pick<RedesignAnalysis, 'now' | 'redesigned'> }) {
  const rows = beforeAfterRows(redesign);
  return (
    <table className="before-after" aria-label="Before and after">
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">Now</th>
          <th scope="col">Redesign</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.figure} data-figure={row.figure}>
            <th scope="row">{row.label}</th>
            <td data-state="now">{row.before}</td>
            <td data-state="redesign">{row.after}</td>
            {/* "=" only for a figure both states give alike; one a state does not give has no change to show. */}
            <td className={row.change === undefined ? 'is-unknown' : row.better === undefined ? 'is-same' : row.better ? 'is-better' : 'is-worse'}>{row.change === undefined ? '—' : row.change || '='}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
