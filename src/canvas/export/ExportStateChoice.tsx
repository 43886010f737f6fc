import { useEffect, useState } from 'react';
import { type MapState, STATE_NAMES } from '../../core/analyzer/map-state';
import { useStore } from '../../store';
import type { MapView } from '../../store/uiSlice';
import { hasRedesign } from '../redesign/hasRedesign';
import './export-state.css';

/**
 * The state a picture or a Mermaid export draws, asked in the export menu when the map has a
 * redesign. It starts, each time the menu opens, at the state on screen; the compare view shows
 * both and starts at the redesign, the state it is there to present.
 */
export function useExportState(open: boolean): { state: MapState; choose(state: MapState): void; asks: boolean; view: MapView } {
  const view = useStore((s) => s.view);
  const asks = useStore((s) => hasRedesign(s.map));
  // What the person chose while the menu is open; forgotten when it closes. Derived, not reset in
  // an effect on opening: that drew the menu's first frame with the last opening's choice (and a
  // quick click exported that state).
  const [chosen, choose] = useState<MapState | null>(null);
  useEffect(() => {
    if (!open) choose(null);
  }, [open]);
  const state = chosen ?? defaultState(view);
  return { state: asks ? state : 'now', choose, asks, view };
}

const defaultState = (view: MapView): MapState => (view === 'now' ? 'now' : 'redesign');

/** Two radio items at the top of the menu, in a group (a menu may hold both, so it stays one menu for a screen reader). */
export function ExportStateChoice({ state, choose }: { state: MapState; choose(state: MapState): void }) {
  return (
    <fieldset aria-label="Which state pictures and Mermaid draw" className="export-state">
      <span className="export-state-label">Draw:</span>
      {(['now', 'redesign'] as const).map((option) => (
        <button key={option} type="button" role="menuitemradio" aria-checked={state === option} onClick={() => choose(option)}>
          {STATE_NAMES[option]}
        </button>
      ))}
    </fieldset>
  );
}

/** "-redesign" in the file name of a picture of the redesign, so both can sit in one folder. */
export const stateSuffix = (state: MapState): string => (state === 'redesign' ? '-redesign' : '');
