import type { AnalysisResult } from '../analyzer';
import type { StallMap } from '../model';
import { csvField } from './escape';
import { indexMap, targetLabel } from './targets';

export const CSV_COLUMNS = ['rule', 'severity', 'surface', 'targets', 'labels', 'owner', 'message', 'waived'] as const;

/**
 * The findings as RFC 4180 CSV for issue trackers: a header, then one row per finding (waived
 * ones too, marked), CRLF line ends. targets: the ids, space-separated; labels: what they are
 * called, joined by " · "; owner: the owners of the targeted steps as typed. A field that a
 * spreadsheet would run as a formula starts with `'` (see csvField).
 */
export function findingsCsv(map: StallMap, analysis: Pick<AnalysisResult, 'findings'>): string {
  const index = indexMap(map);
  const rows = analysis.findings.map((f) => {
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
    ];
  });
  return [[...CSV_COLUMNS], ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
