import { type ComponentType, useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { SchemaError, StallMap } from '../../core/model';
import { plural } from '../../core/plural';
import { MapFilePicker } from '../export/MapFilePicker';
import { useFileDrop } from '../export/useFileDrop';
import { ProgramPanel } from '../program/ProgramPanel';
import { ScorecardPanel } from '../scorecard/ScorecardPanel';
import { ExportMenu } from './ExportMenu';
import { ShareDialog } from './ShareDialog';
import { useStore } from '../../store';
import { useMapContent } from '../useMapContent';
import { fitWhenPlaced } from '../layout/fitWhenPlaced';
import { openAgainWhenDrawn } from '../useOpeningView';
import { runLayout } from '../layout/runLayout';
import { useSession } from '../SessionContext';
import { ImportChoice } from './ImportChoice';
import { ImportErrors } from './ImportErrors';
import { Presence } from './Presence';
import { ToolLabel } from './ToolLabel';
import { ViewToggle } from '../redesign/ViewToggle';
import { shownMap } from '../shownState';
import { fetchWhenIdle, load } from '../onDemand';

/** Undo, redo, layout, fit, import and export; who is here and whether we are connected. */
export function Toolbar({ editable }: { editable: boolean }) {
  const session = useSession();
  const { commands, undo } = session;
  const flow = useReactFlow();
  const canUndo = useStore((s) => s.canUndo);
  const canRedo = useStore((s) => s.canRedo);
  const map = useMapContent();
  const [busy, setBusy] = useState(false);
  // The plan's view, once loaded (onDemand.ts) and while it is open.
  const [Plan, setPlan] = useState<ComponentType<{ onClose(): void }> | null>(null);
  const [shareOpen, setShareOpen] = useState(false);
  const [panel, setPanel] = useState<'program' | 'scorecard' | null>(null);
  const [errors, setErrors] = useState<{ file: string; errors: SchemaError[] } | null>(null);
  const [choice, setChoice] = useState<{ file: string; imported: StallMap } | null>(null);

  const layout = async () => {
    // The map as it is now: the one this toolbar last drew may be a drag behind (useMapContent).
    const { map, view } = useStore.getState();
    if (!map) return;
    setBusy(true);
    try {
      const sizes: Record<string, { width: number; height: number }> = {};
      for (const node of flow.getNodes()) if (node.measured?.width && node.measured.height) sizes[node.id] = { width: node.measured.width, height: node.measured.height };
      // The state on screen: in the redesign, its steps and joins are the ones laid out.
      const positions = await runLayout(shownMap(map, view), sizes);
      // Its own undo step: never merged with the edit just before it, nor the one after.
      undo.stopCapturing();
      commands.moveSteps(positions);
      undo.stopCapturing();
      fitWhenPlaced(flow, positions, { duration: 300, maxZoom: 1 });
    } catch (error) {
      // ELK in the browser runs out of stack on maps of about a thousand steps: say so, rather than end with nothing moved and no word.
      console.error('Stallmap: auto-layout failed:', error);
      useStore.getState().setSession({ notice: `Auto-layout could not arrange this map (${plural(map.steps.length, 'step')}); nothing was moved.` });
    } finally {
      setBusy(false);
    }
  };

  // The parts loaded on demand are fetched once the map is here and analysed (its opening done) and the page is idle.
  const opened = useStore((s) => s.answered && s.analysis !== null);
  useEffect(() => (opened ? fetchWhenIdle() : undefined), [opened]);

  const openPlan = async () => {
    const plan = await load('plan', 'The plan');
    if (plan) setPlan(() => plan.PlanView);
  };

  const importFile = async (file: File) => {
    const reader = await load('fileReader', 'The file reader');
    if (!reader) return;
    const result = await reader.readMapFile(file);
    if (result.ok) setChoice({ file: file.name, imported: result.map });
    else setErrors({ file: file.name, errors: result.errors });
  };

  // A file dropped on the page is an import too; where Import is not offered, the page says why
  // rather than let the drop pass unanswered.
  useFileDrop((file) => {
    if (editable) void importFile(file);
    else useStore.getState().setSession({ notice: `${file.name} was not imported: ${whyNoImport(useStore.getState().role)}` });
  });

  const replaceWith = (imported: StallMap) => {
    setChoice(null);
    // Shown as a map opens, from its beginning where the whole of it would be too small to read.
    openAgainWhenDrawn(imported.steps);
    // The map keeps its own id: the file's is a name from elsewhere.
    session.replaceMap({ ...imported, id: map?.id ?? imported.id });
  };

  return (
    // The page's banner landmark (not role="toolbar", which promises arrow-key moves between its controls), with the map's title as its heading.
    <header className="toolbar">
      <a className="brand" href="/" title="All maps">
        Stallmap
      </a>
      {/* Focusable by script only: it takes the focus once the name prompt is gone (MapPage.tsx). */}
      {/* Its whole in the tooltip: where the bar is short of room, the title shows a part (workspace.css). */}
      <h1 className="map-title" tabIndex={-1} title={map?.title}>
        {map?.title}
      </h1>
      <ViewToggle editable={editable} />
      {editable && (
        <>
          <button type="button" onClick={() => undo.undo()} disabled={!canUndo} title="Undo your last change in this view (Ctrl+Z)" aria-label="Undo">
            <ToolLabel icon="undo">Undo</ToolLabel>
          </button>
          <button type="button" onClick={() => undo.redo()} disabled={!canRedo} title="Redo your last undone change in this view (Shift+Ctrl+Z)" aria-label="Redo">
            <ToolLabel icon="redo">Redo</ToolLabel>
          </button>
          <button type="button" onClick={layout} disabled={busy} title="Arrange the steps left to right">
            <ToolLabel icon="layout">{busy ? 'Arranging…' : 'Auto-layout'}</ToolLabel>
          </button>
        </>
      )}
      <button type="button" onClick={() => void flow.fitView({ duration: 300, maxZoom: 1, includeHiddenNodes: true })} title="Show the whole map">
        <ToolLabel icon="fit">Fit view</ToolLabel>
      </button>
      <button type="button" onClick={() => setShareOpen(true)} title="Links to this map: edit, review, view">
        Share
      </button>
      <button type="button" onClick={() => setPanel('program')} title="Sponsor, program lead, the 90-day milestone, what is measured after launch">
        Program
      </button>
      <button type="button" onClick={() => setPanel('scorecard')} title="The failure surfaces: computed scores and the team's own, with evidence">
        Scorecard
      </button>
      <button type="button" onClick={() => void openPlan()} title="The redesign plan: preview, download, print">
        Plan
      </button>
      <ExportMenu />
      {editable && (
        <MapFilePicker onFile={(file) => void importFile(file)}>
          {(open) => (
            <button type="button" onClick={open} title="Import a map file (JSON, a PNG or SVG exported by Stallmap, or a Mermaid flowchart), or drop one on the page: replace this map, or open it as a new one">
              <ToolLabel icon="import">Import</ToolLabel>
            </button>
          )}
        </MapFilePicker>
      )}
      <Presence />
      {Plan && <Plan onClose={() => setPlan(null)} />}
      {panel === 'program' && <ProgramPanel onClose={() => setPanel(null)} />}
      {panel === 'scorecard' && <ScorecardPanel onClose={() => setPanel(null)} />}
      {shareOpen && <ShareDialog mapId={session.mapId} onClose={() => setShareOpen(false)} />}
      {errors && <ImportErrors file={errors.file} errors={errors.errors} onClose={() => setErrors(null)} />}
      {choice && map && <ImportChoice file={choice.file} imported={choice.imported} current={map} onReplace={replaceWith} onClose={() => setChoice(null)} />}
    </header>
  );
}

/** Why a page that shows no Import button takes no file: its link, or the view it is in. */
function whyNoImport(role: string): string {
  return role === 'edit'
    ? 'importing replaces the map, which is done while editing (not in review mode or the compare view).'
    : 'importing a map takes an edit link.';
}
