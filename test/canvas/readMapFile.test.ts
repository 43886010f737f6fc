import { describe, expect, it } from 'vitest';
import { readMapFile } from '../../src/canvas/export/readMapFile';
import { addPngText, MAP_KEYWORD } from '../../src/core/picture/png-text';
import { findTemplate } from '../../src/core/templates';

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

/** A file of another kind that looks like one Stallmap reads (XML, JSON) is named for what it is, once. */
describe('readMapFile on a file from another tool', () => {
  const errorsOf = async (text: string, name: string) => {
    const result = await readMapFile(new File([text], name));
    return result.ok ? [] : result.errors;
  };

  it('calls an XML or HTML file that is no SVG what it is, not an SVG', async () => {
    for (const [text, name] of [
      ['<mxfile host="app.diagrams.net"><diagram name="Page-1">abc</diagram></mxfile>', 'process.drawio'],
      ['<!doctype html><html><body>Our process</body></html>', 'process.html'],
    ]) {
      const errors = await errorsOf(text, name);
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(/^not a map Stallmap reads/);
      expect(errors[0].message).not.toMatch(/SVG has no/);
    }
  });

  it('still says an SVG picture from elsewhere holds no map', async () => {
    const [error] = await errorsOf('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', 'logo.svg');
    expect(error.message).toMatch(/this SVG has no Stallmap map inside/);
  });

  it('says a JSON file with no map format and no steps is not a Stallmap map, in one sentence', async () => {
    const excalidraw = JSON.stringify({ type: 'excalidraw', version: 2, source: 'https://excalidraw.com', elements: [{ id: 'a', type: 'rectangle' }], appState: {} });
    expect(await errorsOf(excalidraw, 'process.json')).toEqual([
      { path: '(file)', message: 'a JSON file, but not a Stallmap map: it has no "format": "stallmap/map" and no steps (is it from another tool?)' },
    ]);
  });

  it('still lists each missing field of a map that forgot its format line', async () => {
    const errors = await errorsOf(JSON.stringify({ version: 2, id: 'm', title: 'T', steps: [], joins: [] }), 'map.json');
    expect(errors).toEqual([{ path: 'format', message: expect.any(String) }]);
  });
});

/** A Stallmap picture cut off inside the map it holds (a download stopped early) is not "a PNG with no map". */
describe('readMapFile on a PNG cut short', () => {
  // The smallest PNG this reader walks: its signature, a header chunk and the end chunk (CRCs are not checked).
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    return out;
  };
  const png = new Uint8Array([...[137, 80, 78, 71, 13, 10, 26, 10], ...chunk('IHDR', new Uint8Array(13)), ...chunk('IEND', new Uint8Array(0))]);

  it('says the picture is cut short, and to export it again', async () => {
    const withMap = addPngText(png, MAP_KEYWORD, JSON.stringify(findTemplate('contract-review')!.map));
    const result = await readMapFile(new File([new Uint8Array(withMap.subarray(0, 200))], 'contract-review.png', { type: 'image/png' }));
    expect(result.ok ? [] : result.errors).toEqual([{ path: '(file)', message: 'this PNG is cut short (damaged, or not fully downloaded): export the picture from Stallmap again' }]);
  });

  it('still says a PNG without a map has none, whole or cut short', async () => {
    for (const bytes of [png, png.slice(0, 20)]) {
      const result = await readMapFile(new File([bytes], 'photo.png', { type: 'image/png' }));
      expect(result.ok ? '' : result.errors[0].message).toMatch(/^this PNG has no Stallmap map inside/);
    }
  });
});
