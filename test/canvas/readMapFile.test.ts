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

/** A file that is no map at all is named for what it is, in words, not by the JSON parser's complaint. */
describe('readMapFile on a file that is not a map', () => {
  const errorsOf = async (text: string, name: string) => {
    const result = await readMapFile(new File([text], name));
    return result.ok ? [] : result.errors;
  };

  it('says an empty file is empty (a byte-order mark or blank lines alone included)', async () => {
    for (const text of ['', '\uFEFF', ' \r\n\r\n']) {
      expect(await errorsOf(text, 'map.json')).toEqual([{ path: '(file)', message: 'the file is empty' }]);
    }
  });

  it('says which files it reads when the text is neither JSON nor a Mermaid flowchart', async () => {
    for (const [text, name] of [
      ['rule,severity\r\nhuman-join,error\r\n', 'findings.csv'],
      ['format: stallmap/map\nversion: 2\n', 'map.yaml'],
      ['sequenceDiagram\n  A->>B: hello\n', 'talk.mmd'],
    ]) {
      const [error] = await errorsOf(text, name);
      expect(error.path).toBe('(file)');
      expect(error.message).toMatch(/^not a map Stallmap reads: it reads a \.json map/);
      expect(error.message).not.toMatch(/JSON input|Unexpected token/);
    }
  });

  it('still reports a broken JSON map where it breaks', async () => {
    const [error] = await errorsOf('{"format": "stallmap/map",', 'map.json');
    expect(error.path).toBe('(JSON)');
  });
});
