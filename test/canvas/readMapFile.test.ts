import { describe, expect, it } from 'vitest';
import { readMapFile } from '../../src/canvas/export/readMapFile';

/** What the import button makes of a file: a Mermaid flowchart is recognised however it opens. */
describe('readMapFile', () => {
  it('reads a Mermaid flowchart that opens with YAML front matter, titled by it', async () => {
    const text = '---\ntitle: Intake\n---\nflowchart LR\n  a[Request] --> b[Done]\n';
    const result = await readMapFile(new File([text], 'intake.mmd', { type: 'text/plain' }));
    expect(result.ok).toBe(true);
    if (result.ok) expect([result.map.title, result.map.steps.length, result.map.joins.length]).toEqual(['Intake', 2, 1]);
  });

  it('titles a flowchart without front matter by its file name', async () => {
    const result = await readMapFile(new File(['flowchart LR\n  a --> b\n'], 'claims-today.mmd'));
    expect(result.ok && result.map.title).toBe('claims-today');
  });
});
