import { useEffect } from 'react';
import { hashWithParam } from '../../app/hash-params';
import { useStore } from '../../store';
import { MAP_VIEWS, type MapView } from '../../store/uiSlice';

/**
 * The view a link opens, from its fragment (`#token=…&view=redesign`): the fragment, like the
 * token beside it, never reaches the server. Today's map when the link names none, or one it
 * does not know.
 */
export function viewInLink(hash: string): MapView {
  const named = /(?:^#|&)view=([a-z]+)/.exec(hash)?.[1];
  return MAP_VIEWS.find((view) => view === named) ?? 'now';
}

/** The fragment with `view` set (left out for today's map, so a plain link stays as it was handed out). */
export function hashWithView(hash: string, view: MapView): string {
  return hashWithParam(hash, 'view', view === 'now' ? undefined : view);
}

/**
 * Keeps the page's address naming the view on screen, so the link in the address bar opens the
 * same view. `replaceState`: no reload, no history entry per switch, and no `hashchange` (which
 * would open the map afresh, see App.tsx).
 */
export function useViewInLink(): void {
  const view = useStore((s) => s.view);
  useEffect(() => {
    const hash = hashWithView(location.hash, view);
    if (hash !== location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }, [view]);
}
