import { useState } from 'react';
import type { SchemaError } from '../core/model';
import { MapFilePicker } from '../canvas/export/MapFilePicker';
import { load } from '../canvas/onDemand';
import { templates } from '../core/templates';
import { ImportErrors } from '../canvas/panels/ImportErrors';
import { createMap } from './api';
import { CreateTokenForm } from './CreateTokenForm';
import { CREATE_TOKEN_REQUIRED, storedCreateToken, storeCreateToken } from './create-token';
import { bestToken, forgetMap, knownMaps } from './links';
import { openCreatedMap } from './openCreated';

/** The maps this browser has links for, and new maps: empty, from a template, or from a file. */
export function Home() {
  const [maps, setMaps] = useState(knownMaps);
  const [problem, setProblem] = useState<string | null>(null);
  const [importErrors, setImportErrors] = useState<{ file: string; errors: SchemaError[] } | null>(null);
  const [busy, setBusy] = useState(false);
  /** A creation waiting for the server's create token (a private server); `wrong` if the one stored was refused. */
  const [needsToken, setNeedsToken] = useState<{ body: Parameters<typeof createMap>[0]; title: string; wrong: boolean } | null>(null);

  const create = async (body: Parameters<typeof createMap>[0], title: string) => {
    setBusy(true);
    setProblem(null);
    const result = await createMap(body);
    setBusy(false);
    if (result.ok) openCreatedMap(result.value, title);
    else if (result.code === CREATE_TOKEN_REQUIRED) {
      const wrong = storedCreateToken() !== undefined;
      storeCreateToken(undefined);
      setNeedsToken({ body, title, wrong });
    } else if (result.errors?.length) setImportErrors({ file: title, errors: result.errors });
    else setProblem(result.message);
  };

  const importFile = async (file: File) => {
    const reader = await load('fileReader', 'The file reader', setProblem);
    if (!reader) return;
    const parsed = await reader.readMapFile(file);
    if (!parsed.ok) setImportErrors({ file: file.name, errors: parsed.errors });
    else await create(parsed.map, parsed.map.title);
  };

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
                <span>A .json map, a PNG or SVG exported from Stallmap, or a Mermaid flowchart.</span>
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
              void create(needsToken.body, needsToken.title);
            }}
            onCancel={() => setNeedsToken(null)}
          />
        )}
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
      </section>
      <section className="home-maps" aria-labelledby="maps-title">
        <h2 id="maps-title">Your maps</h2>
        {maps.length === 0 ? (
          <p className="empty">No maps on this browser yet. Start one above, or open a link someone shared with you.</p>
        ) : (
          <ul className="map-list">
            {maps.map((m) => {
              const best = bestToken(m);
              return (
                <li key={m.id}>
                  {best ? <a href={`/m/${m.id}#token=${best.token}`}>{m.title}</a> : <span>{m.title}</span>}
                  <span className="role">{best?.role ?? 'no link'}</span>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      forgetMap(m.id);
                      setMaps(knownMaps());
                    }}
                    title="Forget this map on this browser (the map itself stays on the server)"
                  >
                    Forget
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {importErrors && <ImportErrors file={importErrors.file} errors={importErrors.errors} onClose={() => setImportErrors(null)} />}
    </main>
  );
}
