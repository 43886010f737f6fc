import { useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { readMap } from '../../collab/doc';
import { parseMapJson, type SchemaError } from '../../core/model';
import { download, slug } from '../../app/files';
import { useStore } from '../../store';
import { runLayout } from '../layout/runLayout';
import { useSession } from '../SessionContext';
import { ImportErrors } from './ImportErrors';
import { Presence } from './Presence';

/** Undo, redo, layout, fit, import and export; who is here and whether we are connected. */
export function Toolbar({ editable }: { editable: boolean }) {
  const session = useSession();
  const { commands, undo, doc, review } = session;
  const flow = useReactFlow();
  const canUndo = useStore((s) => s.canUndo);
  const canRedo = useStore((s) => s.canRedo);
  const map = useStore((s) => s.map);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ file: string; errors: SchemaError[] } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const layout = async () => {
    if (!map) return;
    setBusy(true);
    try {
      const sizes: Record<string, { width: number; height: number }> = {};
      for (const node of flow.getNodes()) if (node.measured?.width && node.measured.height) sizes[node.id] = { width: node.measured.width, height: node.measured.height };
      const positions = await runLayout(map, sizes);
      // Its own undo step: never merged with the edit just before it, nor the one after.
      undo.stopCapturing();
      commands.moveSteps(positions);
      undo.stopCapturing();
      requestAnimationFrame(() => void flow.fitView({ duration: 300, maxZoom: 1 }));
    } finally {
      setBusy(false);
    }
  };

  const exportJson = () => {
    const { map: current } = readMap(doc, review, session.mapId);
    download(`${slug(current.title)}.stallmap.json`, `${JSON.stringify(current, null, 2)}\n`);
  };

  const importJson = async (file: File) => {
    const result = parseMapJson(await file.text());
    if (!result.ok) {
      setErrors({ file: file.name, errors: result.errors });
      return;
    }
    commands.replaceMap(result.map);
    session.reviewCommands.replace(result.map);
    requestAnimationFrame(() => void flow.fitView({ duration: 300 }));
  };

  return (
    <header className="toolbar" role="toolbar" aria-label="Map tools">
      <a className="brand" href="/" title="All maps">
        Stallmap
      </a>
      <span className="map-title">{map?.title}</span>
      {editable && (
        <>
          <button type="button" onClick={() => undo.undo()} disabled={!canUndo} title="Undo (Ctrl+Z)" aria-label="Undo">
            Undo
          </button>
          <button type="button" onClick={() => undo.redo()} disabled={!canRedo} title="Redo (Shift+Ctrl+Z)" aria-label="Redo">
            Redo
          </button>
          <button type="button" onClick={layout} disabled={busy} title="Arrange the steps left to right">
            {busy ? 'Arranging…' : 'Auto-layout'}
          </button>
        </>
      )}
      <button type="button" onClick={() => void flow.fitView({ duration: 300, maxZoom: 1 })} title="Show the whole map">
        Fit view
      </button>
      <button type="button" onClick={exportJson} title="Download the map as JSON (the Stallmap map format)">
        Export JSON
      </button>
      {editable && (
        <>
          <button type="button" onClick={() => fileInput.current?.click()} title="Replace this map with a JSON file (undoable)">
            Import JSON
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="import-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void importJson(file);
            }}
          />
        </>
      )}
      <Presence />
      {errors && <ImportErrors file={errors.file} errors={errors.errors} onClose={() => setErrors(null)} />}
    </header>
  );
}
