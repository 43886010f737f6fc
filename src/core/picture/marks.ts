import type { Finding, FindingSeverity } from '../analyzer/types';
import { plural } from '../plural';

/** What a picture draws on a flagged step or join: its most severe open finding, and counts (as the canvas's marks). */
export interface Mark {
  severity: FindingSeverity | 'waived';
  open: number;
  waived: number;
}

/** What the canvas calls each severity: an info finding is a note. */
export const SEVERITY_WORDS: Readonly<Record<FindingSeverity, string>> = { error: 'error', warning: 'warning', info: 'note' };

const RANK: Record<Mark['severity'], number> = { waived: 0, info: 1, warning: 2, error: 3 };

/** A finding marks its first target: the flagged step or join. */
export function marksOf(findings: readonly Finding[]): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  for (const finding of findings) {
    const id = finding.targets[0];
    if (id === undefined) continue;
    const mark = marks.get(id) ?? { severity: 'waived', open: 0, waived: 0 };
    if (finding.waived) mark.waived += 1;
    else {
      mark.open += 1;
      if (RANK[finding.severity] > RANK[mark.severity]) mark.severity = finding.severity;
    }
    marks.set(id, mark);
  }
  return marks;
}

/** The open severity of a mark, or none when it has no open finding. */
export function openSeverity(mark: Mark | undefined): FindingSeverity | undefined {
  return mark && mark.severity !== 'waived' ? mark.severity : undefined;
}

export function findingsPhrase(mark: Mark | undefined): string {
  if (!mark) return '';
  const open = mark.open ? `${plural(mark.open, 'open finding')} (worst: ${mark.severity === 'waived' ? 'waived' : SEVERITY_WORDS[mark.severity]})` : '';
  const waived = mark.waived ? `${mark.waived} waived` : '';
  return [open, waived].filter(Boolean).join(', ');
}
