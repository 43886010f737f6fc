import { type ReactNode, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RULE_IDS, ruleName, SURFACES, type Finding, type FindingSeverity } from '../../core/analyzer';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import type { FindingsFilter } from '../../store/uiSlice';
import { gateNumber, inListOrder } from './findingOrder';
import { passes } from './filters';
import { FindingItem, findingKey } from './FindingItem';
import { labelsOf } from './labels';
import { PagedList } from '../PagedList';
import { useGoToFinding } from './useGoToFinding';

const SEVERITIES: FindingSeverity[] = ['error', 'warning', 'info'];
const FILTERS_HINT = 'the filters above find any one';

/**
 * A linter's problems panel for the map: by what fixing each finding buys (the default), or
 * grouped by severity and surface; the 30-day gates marked; click to go to the fault.
 */
export function FindingsPanel({ map }: { map: StallMap }) {
  const { analysis, order, orderFindings, filters, set, walked } = useStore(
    useShallow((s) => ({ analysis: s.analysis, order: s.findingsOrder, orderFindings: s.orderFindings, filters: s.findingsFilter, set: s.filterFindings, walked: s.walked })),
  );
  const goTo = useGoToFinding(map);
  const labelOf = useMemo(() => labelsOf(map), [map]);
  // The review walk goes through these in this order (findingOrder.ts walkOrder): one order for both.
  const shown = useMemo(() => inListOrder((analysis?.findings ?? []).filter((f) => passes(filters, f)), order), [analysis, filters, order]);

  if (!analysis) return null;
  const item = (finding: Finding) => {
    const number = gateNumber(analysis.gates, finding);
    const gate = number === undefined ? undefined : { gate: analysis.gates[number - 1], number };
    const key = findingKey(finding);
    // In review mode a card clicked is walked to: N goes on from it (the review bar puts the index right).
    const open = () => {
      goTo(finding);
      const { reviewMode, walkIndex, walkTo } = useStore.getState();
      if (reviewMode && !finding.waived) walkTo(walkIndex, key);
    };
    return <FindingItem key={key} finding={finding} gate={gate} labelOf={labelOf} walked={key === walked} onOpen={open} onFix={() => goTo(finding, { open: 'field' })} />;
  };
  // Where the walked-to finding is in a list, so its page is shown.
  const walkedIn = (findings: readonly Finding[]) => (walked ? findings.findIndex((f) => findingKey(f) === walked) : -1);

  // Other findings, other first pages: the lists start short again.
  const listKey = `${order}:${filters.rule}:${filters.severity}:${filters.surface}:${filters.state}`;
  return (
    <section className="findings" aria-label="Findings">
      <div className="findings-filters">
        <select aria-label="Rule" value={filters.rule} onChange={(e) => set({ rule: e.target.value })}>
          <option value="">All rules</option>
          {RULE_IDS.map((r) => (
            <option key={r} value={r}>
              {ruleName(r)}
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
        <select aria-label="Open or waived" value={filters.state} onChange={(e) => set({ state: e.target.value as FindingsFilter['state'] })}>
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
        shown.length > 0 && (
          <PagedList key={listKey} items={shown} hint={FILTERS_HINT} reveal={walkedIn(shown)}>
            {(listed) => <ul className="findings-by-impact">{listed.map(item)}</ul>}
          </PagedList>
        )
      ) : (
        <FindingsBySeverity key={listKey} findings={shown} item={item} walkedIn={walkedIn} />
      )}
    </section>
  );
}

/** The findings grouped by severity, worst first (each its own pages), then by failure surface. */
function FindingsBySeverity({ findings, item, walkedIn }: { findings: readonly Finding[]; item(finding: Finding): ReactNode; walkedIn(findings: readonly Finding[]): number }) {
  return SEVERITIES.map((severity) => {
    const group = findings.filter((f) => f.severity === severity);
    if (!group.length) return null;
    return (
      <div key={severity} className={`findings-group is-${severity}`}>
        <h3>
          {severity === 'error' ? 'Errors' : severity === 'warning' ? 'Warnings' : 'Info'} ({group.length.toLocaleString('en')})
        </h3>
        <PagedList items={group} hint={FILTERS_HINT} reveal={walkedIn(group)}>
          {(listed) =>
            SURFACES.map((surface) => {
              const inSurface = listed.filter((f) => f.surface === surface);
              if (!inSurface.length) return null;
              return (
                <div key={surface}>
                  <h4 className={`surface-tag surface-${surface}`}>{surface}</h4>
                  <ul>{inSurface.map(item)}</ul>
                </div>
              );
            })
          }
        </PagedList>
      </div>
    );
  });
}
