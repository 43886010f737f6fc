import type { AnalysisResult } from '../analyzer';
import { MAP_STATES, mapInState } from '../analyzer/map-state';
import type { StallMap } from '../model';
import { csvField } from './escape';
import { indexMap, targetLabel } from './targets';

/** `state` comes last, so a tool that read the columns by position before the redesign still reads them. */
export const CSV_COLUMNS = ['rule', 'severity', 'surface', 'targets', 'labels', 'owner', 'message', 'waived', 'state'] as const;

/**
 * The findings as RFC 4180 CSV for issue trackers: a header, then one row per finding (waived
 * ones too, marked), CRLF line ends. targets: the ids, space-separated; labels: what they are
 * called, joined by " · "; owner: the owners of the targeted steps as typed; state: `now` for
 * today's workflow, `redesign` for the redesign's (a map with a redesign gives both states'
 * findings, today's first: the same id can be flagged in both, so the row says which). A field
 * that a spreadsheet would run as a formula starts with `'` (see csvField). `analysis` is of the
 * whole map, as `analyze(map)` gives it.
 */
export function findingsCsv(map: StallMap, analysis: Pick<AnalysisResult, 'findings' | 'redesign'>): string {
  const rows = MAP_STATES.flatMap((state) => {
    const shown = mapInState(map, analysis, state);
    if (!shown) return [];
    const index = indexMap(shown.map);
    return shown.findings.map((f) => {
      const owners = f.targets.flatMap((id) => index.steps.get(id)?.owner?.trim() || []);
      return [
        f.rule,
        f.severity,
        f.surface,
        f.targets.join(' '),
        f.targets.map((id) => targetLabel(index, id)).join(' · '),
        [...new Set(owners)].join(' · '),
        f.message,
        String(f.waived),
        state,
      ];
    });
  });
  return [[...CSV_COLUMNS], ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
