import { type ReactNode, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RULE_IDS, ruleMeta, SURFACES, type Finding, type FindingSeverity } from '../../core/analyzer';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { byImpact, gateNumber } from './findingOrder';
import { FindingItem } from './FindingItem';
import { labelsOf } from './labels';
import { useGoToFinding } from './useGoToFinding';

const SEVERITIES: FindingSeverity[] = ['error', 'warning', 'info'];

interface Filters {
  rule: string;
  severity: string;
  surface: string;
  state: 'open' | 'waived' | 'all';
}

const findingKey = (finding: Finding) => `${finding.rule}:${finding.targets.join(',')}`;

/**
 * A linter's problems panel for the map: by what fixing each finding buys (the default), or
 * grouped by severity and surface; the 30-day gates marked; click to go to the fault.
 */
export function FindingsPanel({ map }: { map: StallMap }) {
  const { analysis, order, orderFindings } = useStore(useShallow((s) => ({ analysis: s.analysis, order: s.findingsOrder, orderFindings: s.orderFindings })));
  const goTo = useGoToFinding(map);
  const [filters, setFilters] = useState<Filters>({ rule: '', severity: '', surface: '', state: 'open' });
  const labelOf = useMemo(() => labelsOf(map), [map]);

  if (!analysis) return null;
  const shown = analysis.findings.filter(
    (f) =>
      (!filters.rule || f.rule === filters.rule) &&
      (!filters.severity || f.severity === filters.severity) &&
      (!filters.surface || f.surface === filters.surface) &&
      (filters.state === 'all' || (filters.state === 'waived') === f.waived),
  );
  const item = (finding: Finding) => {
    const number = gateNumber(analysis.gates, finding);
    const gate = number === undefined ? undefined : { gate: analysis.gates[number - 1], number };
    return <FindingItem key={findingKey(finding)} finding={finding} gate={gate} labelOf={labelOf} onOpen={() => goTo(finding)} onFix={() => goTo(finding, { open: 'field' })} />;
  };

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <section className="findings" aria-label="Findings">
      <div className="findings-filters">
        <select aria-label="Rule" value={filters.rule} onChange={(e) => set({ rule: e.target.value })}>
          <option value="">All rules</option>
          {RULE_IDS.map((r) => (
            <option key={r} value={r}>
              {ruleMeta(r).name}
            </option>
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
        <select className="findings-order" aria-label="Sort findings" value={order} onChange={(e) => orderFindings(e.target.value as typeof order)}>
          <option value="impact">Sort by impact: lead time, then staff time</option>
          <option value="severity">Sort by severity</option>
        </select>
      </div>
      {shown.length === 0 && <p className="field-hint">No findings match.</p>}
      {order === 'impact' ? (
        shown.length > 0 && <ul className="findings-by-impact">{byImpact(shown).map(item)}</ul>
      ) : (
        <FindingsBySeverity findings={shown} item={item} />
      )}
    </section>
  );
}

/** The findings grouped by severity, worst first, then by failure surface. */
function FindingsBySeverity({ findings, item }: { findings: Finding[]; item(finding: Finding): ReactNode }) {
  return SEVERITIES.map((severity) => {
    const group = findings.filter((f) => f.severity === severity);
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
              <ul>{inSurface.map(item)}</ul>
            </div>
          );
        })}
      </div>
    );
  });
}
