import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { CSV_COLUMNS, findingsCsv } from '../../../src/core/plan';
import { loadMap } from '../analyzer/fixtures';

describe('findingsCsv', () => {
  const map = loadMap('contract-review.json');
  const csv = findingsCsv(map, analyze(map));

  it('writes a header and one CRLF-ended row per finding, waived ones marked', () => {
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      "human-join,error,workflow,j2 sum chk,emailed · Summarise contract · Paralegal re-reads contract,Legal Ops lead,Manual hand-off 'emailed' from 'Summarise contract' to 'Paralegal re-reads contract' adds a 1h wait,false,now",
    );
    expect(lines).toHaveLength(6); // header, four findings, and the empty string after the last CRLF
    expect(lines[5]).toBe('');
  });

  it('round-trips through a CSV parser, labels of unlabelled joins read "From → To"', () => {
    const records: Record<string, string>[] = parseCsv(csv, { columns: true });
    expect(records.map((r) => [r.rule, r.targets, r.waived])).toEqual([
      ['human-join', 'j2 sum chk', 'false'],
      ['human-join', 'j3 chk out', 'true'],
      ['verification-exceeds-work', 'chk sum', 'false'],
      ['work-did-not-move', 'j3 chk j2', 'false'],
    ]);
    expect(records[1].labels).toBe('Paralegal re-reads contract → Contract signed · Paralegal re-reads contract · Contract signed');
    expect(records[3].message).toContain(', the queue before'); // a comma inside: quoted, read back whole
  });
});
