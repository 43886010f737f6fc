import { useEffect, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { readMap } from '../../collab/doc';
import { download, downloadBytes, slug } from '../../app/files';
import { analyze } from '../../core/analyzer';
import { findingsCsv, mapToMermaid } from '../../core/plan';
import { mapPng, mapSvg } from '../export/picture';
import { useSession } from '../SessionContext';

/** Every way the map leaves the canvas: the format itself, and pictures that carry it inside. */
export function ExportMenu() {
  const session = useSession();
  const flow = useReactFlow();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const current = () => readMap(session.doc, session.review, session.mapId).map;
  const run = (label: string, action: () => Promise<void> | void) => async () => {
    setBusy(label);
    try {
      await action();
    } finally {
      setBusy(null);
      setOpen(false);
    }
  };
  const json = () => `${JSON.stringify(current(), null, 2)}\n`;
  const name = () => slug(current().title);

  return (
    <div className="menu" ref={menu}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {busy ? `${busy}…` : 'Export'}
      </button>
      {open && (
        <div className="menu-items" role="menu">
          <button type="button" role="menuitem" onClick={run('JSON', () => download(`${name()}.stallmap.json`, json()))}>
            Export JSON
          </button>
          <button type="button" role="menuitem" onClick={run('PNG', async () => downloadBytes(`${name()}.png`, await mapPng(flow, json()), 'image/png'))}>
            Export PNG
          </button>
          <button type="button" role="menuitem" onClick={run('SVG', async () => download(`${name()}.svg`, await mapSvg(flow, json()), 'image/svg+xml'))}>
            Export SVG
          </button>
          <button type="button" role="menuitem" onClick={run('Mermaid', () => download(`${name()}.mmd`, mapToMermaid(current(), analyze(current())), 'text/plain'))}>
            Export Mermaid
          </button>
          <button type="button" role="menuitem" onClick={run('CSV', () => download(`${name()}-findings.csv`, findingsCsv(current(), analyze(current())), 'text/csv'))}>
            Export findings CSV
          </button>
        </div>
      )}
    </div>
  );
}
