import { useCallback, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { readMap } from '../../collab/doc';
import { download, downloadBytes, slug } from '../../app/files';
import { analyze } from '../../core/analyzer';
import { mapInState } from '../../core/analyzer/map-state';
import { mapFileJson, type StallMap } from '../../core/model';
import { ExportStateChoice, stateSuffix, useExportState } from '../export/ExportStateChoice';
import { mermaidNotice } from '../export/mermaidNotice';
import { type Loaded, load, type Part } from '../onDemand';
import { useStore } from '../../store';
import { useSession } from '../SessionContext';
import { useMenuDismiss } from './useMenuDismiss';
import { useMenuKeys } from './useMenuKeys';
import { ToolLabel } from './ToolLabel';

/** Every way the map leaves the canvas: the format itself, and pictures that carry it inside. */
export function ExportMenu() {
  const session = useSession();
  const flow = useReactFlow();
  const [open, setOpen] = useState(false);
  // Opened with Enter or Space (a click of detail 0): the focus goes into the menu (useMenuKeys).
  const [byKeyboard, setByKeyboard] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  // Which state PNG and Mermaid draw, when the map has a redesign (CSV lists both, JSON holds both).
  const { state, choose, asks, view } = useExportState(open);

  useMenuDismiss(menu, button, open, useCallback(() => setOpen(false), []));
  useMenuKeys(menu, open, byKeyboard);

  /** Reads the doc once per export (not the store's copy, which can trail by a frame), and names the file. */
  const run = (label: string, action: (map: StallMap, name: string) => Promise<void> | void) => async () => {
    setBusy(label);
    try {
      const { map } = readMap(session.doc, session.review, session.mapId);
      await action(map, slug(map.title));
    } catch (error) {
      console.error(`Stallmap: the ${label} export failed:`, error);
      useStore.getState().setSession({ notice: `The ${label} export failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      // The item that had the focus goes with the menu: the focus goes back to Export, where the
      // keyboard left off, rather than to the top of the page.
      if (menu.current?.contains(document.activeElement)) button.current?.focus();
      setBusy(null);
      setOpen(false);
    }
  };
  /** The same, with a part loaded on demand (onDemand.ts): nothing is exported if it cannot be loaded, and the page says so. */
  const runWith = <K extends Part>(label: string, part: K, action: (loaded: Loaded<K>, map: StallMap, name: string) => Promise<void> | void) =>
    run(label, async (map, name) => {
      const loaded = await load(part, `The ${label} export`);
      if (loaded) await action(loaded, map, name);
    });
  // The file names the format's JSON Schema ("$schema"), so editors validate it; import ignores the key.
  const json = mapFileJson;

  return (
    <div className="menu" ref={menu}>
      <button ref={button} type="button" aria-haspopup="menu" aria-expanded={open} title="Save the map as a file or a picture: JSON, PNG, SVG, Mermaid, the findings as CSV" onClick={(e) => {
          setByKeyboard(e.detail === 0);
          setOpen(!open);
        }}>
        <ToolLabel icon="export">{busy ? `${busy}…` : 'Export'}</ToolLabel>
      </button>
      {open && (
        <div className="menu-items" role="menu">
          {asks && <ExportStateChoice state={state} choose={choose} />}
          <button type="button" role="menuitem" onClick={run('JSON', (map, name) => download(`${name}.stallmap.json`, json(map)))}>
            Export JSON
          </button>
          <button type="button" role="menuitem" onClick={runWith('PNG', 'pictures', async ({ statePng }, map, name) => downloadBytes(`${name}${stateSuffix(state)}.png`, await statePng(flow, map, state, view), 'image/png'))}>
            Export PNG
          </button>
          <button type="button" role="menuitem" onClick={runWith('SVG', 'pictures', ({ stateSvg }, map, name) => download(`${name}${stateSuffix(state)}.svg`, stateSvg(map, state), 'image/svg+xml'))}>
            Export SVG
          </button>
          <button type="button" role="menuitem" onClick={runWith('Mermaid', 'planText', ({ stateToMermaid, mapToMermaid, mermaidFile, mermaidLeavesOut }, map, name) => {
              const analysis = analyze(map);
              const file = `${name}${stateSuffix(state)}.mmd`;
              const text = mermaidFile(map.title, stateToMermaid(map, analysis, state) ?? mapToMermaid(map, analysis));
              download(file, text, 'text/plain');
              const notice = mermaidNotice(file, mermaidLeavesOut(mapInState(map, analysis, state)?.map ?? map, text));
              if (notice) useStore.getState().setSession({ notice });
            })}>
            Export Mermaid
          </button>
          <button type="button" role="menuitem" onClick={runWith('CSV', 'planText', ({ findingsCsv }, map, name) => download(`${name}-findings.csv`, findingsCsv(map, analyze(map)), 'text/csv'))}>
            Export findings CSV
          </button>
        </div>
      )}
    </div>
  );
}
