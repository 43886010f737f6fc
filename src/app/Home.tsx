import { useState } from 'react';
import type { SchemaError } from '../core/model';
import { MapFilePicker } from '../canvas/export/MapFilePicker';
import { useFileDrop } from '../canvas/export/useFileDrop';
import { load } from '../canvas/onDemand';
import { templates } from '../core/templates';
import { ImportErrors } from '../canvas/panels/ImportErrors';
import { createMap } from './api';
import { CreateTokenForm } from './CreateTokenForm';
import { CREATE_TOKEN_REQUIRED, storedCreateToken, storeCreateToken } from './create-token';
import { MapList } from './MapList';
import { openCreatedMap } from './openCreated';

/** The maps this browser has links for, and new maps: empty, from a template, or from a file. */
export function Home() {
  const [problem, setProblem] = useState<string | null>(null);
  const [importErrors, setImportErrors] = useState<{ file: string; errors: SchemaError[] } | null>(null);
  /** What is under way, said while it is (reading and sending a large file takes seconds): the cards wait for it. */
  const [working, setWorking] = useState<string | null>(null);
  const busy = working !== null;
  /** A creation waiting for the server's create token (a private server); `wrong` if the one stored was refused. */
  const [needsToken, setNeedsToken] = useState<{ body: Parameters<typeof createMap>[0]; title: string; file?: string; wrong: boolean } | null>(null);

  /** `file`: the file imported, which a refusal names (a person may have picked several by now). */
  const create = async (body: Parameters<typeof createMap>[0], title: string, file?: string) => {
    setWorking(file ? `Creating the map from ${file}…` : 'Creating the map…');
    setProblem(null);
    const result = await createMap(body);
    setWorking(null);
    if (result.ok) openCreatedMap(result.value, title);
    else if (result.code === CREATE_TOKEN_REQUIRED) {
      const wrong = storedCreateToken() !== undefined;
      storeCreateToken(undefined);
      setNeedsToken({ body, title, file, wrong });
    } else if (result.errors?.length) setImportErrors({ file: file ?? title, errors: result.errors });
    else setProblem(file ? `${file} was not imported: ${result.message}` : result.message);
  };

  const importFile = async (file: File) => {
    setWorking(`Reading ${file.name}…`);
    setProblem(null);
    const reader = await load('fileReader', 'The file reader', setProblem);
    const parsed = reader && (await reader.readMapFile(file));
    setWorking(null);
    if (!parsed) return;
    if (!parsed.ok) setImportErrors({ file: file.name, errors: parsed.errors });
    else await create(parsed.map, parsed.map.title, file.name);
  };

  // A file dropped on the page opens as a new map, as one picked with Import a map does; not while
  // another is under way (its cards wait too).
  useFileDrop((file) => {
    if (!busy) void importFile(file);
  });

  return (
    <main className="home">
      <header className="home-header">
        <h1>Stallmap</h1>
        <p>Map the workflow your AI pilot was meant to speed up, together, and see where the work still stalls.</p>
      </header>
      <section className="home-new" aria-labelledby="new-title">
        <h2 id="new-title">Start a map</h2>
        <div className="cards">
          <button type="button" className="card" disabled={busy} onClick={() => create({}, 'Untitled map')}>
            <strong>Empty map</strong>
            <span>Draw your workflow from the trigger to the outcome.</span>
          </button>
          {templates.map((t) => (
            <button type="button" key={t.name} className="card" disabled={busy} onClick={() => create({ template: t.name }, t.title)} data-template={t.name}>
              <strong>{t.title}</strong>
              <span>{t.summary}</span>
            </button>
          ))}
          <MapFilePicker onFile={(file) => void importFile(file)}>
            {(open) => (
              <button type="button" className="card" disabled={busy} onClick={open}>
                <strong>Import a map</strong>
                <span>A .json map, a PNG or SVG exported from Stallmap, or a Mermaid flowchart; or drop the file on this page.</span>
              </button>
            )}
          </MapFilePicker>
        </div>
        {needsToken && (
          <CreateTokenForm
            wrong={needsToken.wrong}
            onToken={(token) => {
              storeCreateToken(token);
              setNeedsToken(null);
              void create(needsToken.body, needsToken.title, needsToken.file);
            }}
            onCancel={() => setNeedsToken(null)}
          />
        )}
        {working && (
          <p className="working" role="status">
            {working}
          </p>
        )}
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
      </section>
      <section className="home-maps" aria-labelledby="maps-title">
        <h2 id="maps-title">Your maps</h2>
        <MapList />
      </section>
      {importErrors && <ImportErrors file={importErrors.file} errors={importErrors.errors} onClose={() => setImportErrors(null)} />}
    </main>
  );
}
