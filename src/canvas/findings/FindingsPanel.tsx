import { useMemo, useState } from 'react';
import { ruleMeta, RULE_IDS, SURFACES, type Finding, type FindingSeverity } from '../../core/analyzer';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { FindingActions } from '../review/FindingActions';
import { useGoToFinding } from './useGoToFinding';

const SEVERITIES: FindingSeverity[] = ['error', 'warning', 'info'];

interface Filters {
  rule: string;
  severity: string;
  surface: string;
  state: 'open' | 'waived' | 'all';
}

/** A linter's problems panel for the map: grouped by severity and surface; click to go to the fault. */
export function FindingsPanel({ map }: { map: StallMap }) {
  const analysis = useStore((s) => s.analysis);
  const goTo = useGoToFinding(map);
  const [filters, setFilters] = useState<Filters>({ rule: '', severity: '', surface: '', state: 'open' });
  const labelOf = useMemo(() => {
    const labels = new Map<string, string>();
    for (const s of map.steps) labels.set(s.id, s.label);
    for (const j of map.joins) labels.set(j.id, j.label ?? `${labels.get(j.from) ?? j.from} → ${labels.get(j.to) ?? j.to}`);
    return (id: string) => labels.get(id) ?? id;
  }, [map]);

  if (!analysis) return null;
  const shown = analysis.findings.filter(
    (f) =>
      (!filters.rule || f.rule === filters.rule) &&
      (!filters.severity || f.severity === filters.severity) &&
      (!filters.surface || f.surface === filters.surface) &&
      (filters.state === 'all' || (filters.state === 'waived') === f.waived),
  );

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <section className="findings" aria-label="Findings">
      <div className="findings-filters">
        <select aria-label="Rule" value={filters.rule} onChange={(e) => set({ rule: e.target.value })}>
          <option value="">All rules</option>
          {RULE_IDS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <select aria-label="Severity" value={filters.severity} onChange={(e) => set({ severity: e.target.value })}>
          <option value="">All severities</option>
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Surface" value={filters.surface} onChange={(e) => set({ surface: e.target.value })}>
          <option value="">All surfaces</option>
          {SURFACES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Open or waived" value={filters.state} onChange={(e) => set({ state: e.target.value as Filters['state'] })}>
          <option value="open">Open</option>
          <option value="waived">Waived</option>
          <option value="all">Open and waived</option>
        </select>
      </div>
      {shown.length === 0 && <p className="field-hint">No findings match.</p>}
      {SEVERITIES.map((severity) => {
        const group = shown.filter((f) => f.severity === severity);
        if (!group.length) return null;
        return (
          <div key={severity} className={`findings-group is-${severity}`}>
            <h3>
              {severity === 'error' ? 'Errors' : severity === 'warning' ? 'Warnings' : 'Info'} ({group.length})
            </h3>
            {SURFACES.map((surface) => {
              const inSurface = group.filter((f) => f.surface === surface);
              if (!inSurface.length) return null;
              return (
                <div key={surface}>
                  <h4 className={`surface-tag surface-${surface}`}>{surface}</h4>
                  <ul>
                    {inSurface.map((finding) => (
                      <FindingItem key={`${finding.rule}:${finding.targets.join(',')}`} finding={finding} labelOf={labelOf} onOpen={() => goTo(finding)} />
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        );
      })}
    </section>
  );
}

function FindingItem({ finding, labelOf, onOpen }: { finding: Finding; labelOf(id: string): string; onOpen(): void }) {
  const meta = ruleMeta(finding.rule);
  const numbers = Object.entries(finding.evidence).filter(([, v]) => typeof v === 'number' || typeof v === 'string');
  return (
    <li className={`finding is-${finding.severity}${finding.waived ? ' is-waived' : ''}`} data-rule={finding.rule} data-target={finding.targets[0]}>
      <button type="button" className="finding-open" onClick={onOpen}>
        <span className="finding-message">{finding.message}</span>
        <span className="finding-targets">{finding.targets.map(labelOf).join(' · ')}</span>
      </button>
      {finding.waived && finding.waiver && (
        <p className="finding-waiver">
          Waived by {finding.waiver.by} ({finding.waiver.at}): {finding.waiver.reason}
        </p>
      )}
      <FindingActions finding={finding} />
      <details>
        <summary>
          {finding.rule}: why it matters, how to fix
        </summary>
        {meta && <p>{meta.why}</p>}
        {meta && <p className="finding-fix">{meta.fix}</p>}
        {numbers.length > 0 && (
          <dl className="finding-evidence">
            {numbers.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </details>
    </li>
  );
}
