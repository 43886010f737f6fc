import { useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { DROPPED_COPY_MESSAGE, DROPPED_WRITE_MESSAGE, dropUnwritableCopies } from '../collab/map-writes';
import { openSession, type Session } from '../collab/session';
import { Canvas } from '../canvas/Canvas';
import { CompareView } from '../canvas/compare/CompareView';
import { EmptyMapHint } from '../canvas/findings/EmptyMapHint';
import { useLiveAnalysis } from '../canvas/findings/useLiveAnalysis';
import { Summary } from '../canvas/findings/Summary';
import { SidePanel } from '../canvas/panels/SidePanel';
import { ReviewBar } from '../canvas/review/ReviewBar';
import { Palette } from '../canvas/panels/Palette';
import { Toolbar } from '../canvas/panels/Toolbar';
import { savedName } from '../canvas/presence/identity';
import { usePresence } from '../canvas/presence/usePresence';
import { SessionContext, useSession } from '../canvas/SessionContext';
import { shownMap } from '../canvas/shownState';
import { RedesignEmpty } from '../canvas/redesign/RedesignEmpty';
import { viewInLink } from '../canvas/redesign/viewLink';
import { useMapContent } from '../canvas/useMapContent';
import { useShortcuts } from '../canvas/useShortcuts';
import { useStore } from '../store';
import type { Role } from '../store/sessionSlice';
import { fetchRole } from './api';
import { knownMaps, rememberMap, tokenInAddress } from './links';
import { useLinkReplacedElsewhere } from './useLinkReplacedElsewhere';
import { NamePrompt } from './NamePrompt';
import { focusWhenDrawn } from '../canvas/focusWhenDrawn';

const READ_ONLY_REASONS: Record<Exclude<Role, 'edit'>, string> = {
  review: 'Review link: you can look, follow along and comment, but not change the map. Ask the facilitator for an edit link to redraw it.',
  view: 'View link: you can look and follow along, but not change anything. Ask the facilitator for an edit or review link.',
};

/** One map: the token comes from the link's fragment (never sent to the server in a URL it logs). */
export function MapPage({ mapId }: { mapId: string }) {
  const token = tokenFor(mapId);
  const [session, setSession] = useState<Session | null>(null);
  const [problem, setProblem] = useState<string | null>(token ? null : 'This link has no access token. Open the full link you were sent.');
  // Bumped to open the map again from the server, when this page held a change its link cannot make.
  const [opening, setOpening] = useState(0);
  const reopenedBecause = useRef<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `opening` changes only to open the map again from the server
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    const store = useStore;
    // Until the server says, trust only what this browser knows of the token: no edit tools for a view link.
    const role = roleOfToken(mapId, token) ?? 'view';
    const notice = reopenedBecause.current;
    reopenedBecause.current = null;
    store.setState({ map: null, skipped: [], answered: false, selection: [], peers: [], following: null, status: 'connecting', unsynced: 0, sending: null, refusal: null, notice, linkOrigin: null, limits: null, role, reviewMode: role !== 'edit', walkIndex: -1, walked: null, view: viewInLink(location.hash) });
    void fetchRole(mapId, token).then((result) => {
      if (cancelled) return;
      if (!result.ok) {
        // Offline is fine (edits are kept locally); a refused token is not.
        if (/cannot be reached/.test(result.message)) return;
        setProblem('This link is not valid: the map does not exist, or the link was revoked.');
        return;
      }
      store.getState().setSession({ role: result.value.role, linkOrigin: result.value.linkOrigin ?? null, limits: result.value.limits ?? null });
      // Review and view links open in review mode; an edit link opens ready to draw.
      store.getState().setReviewMode(result.value.role !== 'edit');
      rememberMap(mapId, { tokens: { [result.value.role]: token } });
      // A copy of the map (or its review) this browser kept from a visit with a link that may not
      // write it is dropped, unless this browser holds a link that does (map-writes.ts).
      const held = knownMaps().find((m) => m.id === mapId)?.tokens ?? {};
      void dropUnwritableCopies(mapId, { map: Boolean(held.edit), review: Boolean(held.edit || held.review) }).then((dropped) => {
        if (dropped && !cancelled) store.getState().setSession({ notice: DROPPED_COPY_MESSAGE });
      });
    });
    const opened = openSession({
      mapId,
      token,
      store,
      onRefusedWrite: () => {
        reopenedBecause.current = DROPPED_WRITE_MESSAGE;
        setOpening((n) => n + 1);
      },
    });
    setSession(opened);
    return () => {
      cancelled = true;
      opened.destroy();
    };
  }, [mapId, token, opening]);

  useLinkReplacedElsewhere(session, mapId);

  if (problem) {
    return (
      <main className="page-problem">
        <h1>This link does not open a map</h1>
        <p role="alert">{problem}</p>
        <p>
          <a href="/">Go to your maps</a>, or ask whoever sent the link for a new one.
        </p>
      </main>
    );
  }
  if (!session) return null;
  return (
    <SessionContext.Provider value={session}>
      <ReactFlowProvider>
        <MapWorkspace mapId={mapId} />
      </ReactFlowProvider>
    </SessionContext.Provider>
  );
}

function MapWorkspace({ mapId }: { mapId: string }) {
  const map = useMapContent();
  const role = useStore((s) => s.role);
  const skipped = useStore((s) => s.skipped);
  const refusal = useStore((s) => s.refusal);
  const notice = useStore((s) => s.notice);
  const session = useSession();
  const [name, setName] = useState(savedName);
  const reviewMode = useStore((s) => s.reviewMode);
  // A picture being taken (Export, the plan) is the map itself, as an edit link draws it: not a
  // reviewer's view with all but the flagged elements dimmed (review.css).
  const exporting = useStore((s) => s.exporting);
  const view = useStore((s) => s.view);
  // Today's map or its redesign, as the canvas and inspector show it (the compare view is read-only).
  const shown = useMemo(() => map && shownMap(map, view), [map, view]);
  const editable = role === 'edit' && !reviewMode && view !== 'compare';
  const setSession = useStore((s) => s.setSession);
  useEffect(() => setSession({ name }), [name, setSession]);
  usePresence(name);
  useLiveAnalysis();
  useShortcuts(editable);

  useEffect(() => {
    if (map?.title) rememberMap(mapId, { title: map.title });
  }, [map?.title, mapId]);

  const join = (joined: string) => {
    setName(joined);
    // The prompt goes with the focus in it: the map's title takes it, as a page's heading does
    // after a route change, so a screen reader says where the person is and Tab goes on from there.
    focusWhenDrawn('.map-title');
  };

  if (!map || !shown) return null;
  return (
    <div className={`workspace role-${role}${reviewMode ? ' review-mode' : ''}${reviewMode && !exporting ? ' dims-unflagged' : ''}`}>
      <Toolbar editable={editable} />
      {/* Everything below the toolbar is the page's main landmark: a screen reader jumps to it. */}
      <main className="workspace-main">
        <Summary />
        {/* It walks the findings of the state on screen. */}
        <ReviewBar map={shown} />
        {role !== 'edit' && (
          <p className="banner read-only" role="note">
            {READ_ONLY_REASONS[role]}
          </p>
        )}
        {refusal && (
          <p className={`banner refusal${refusal.final ? ' is-final' : ''}`} role="alert">
            {refusal.message}{' '}
            {refusal.discardable && (
              <button type="button" onClick={() => void session.discardLocalAndReload()}>
                Discard my unsaved changes and reload
              </button>
            )}
          </p>
        )}
        {notice && (
          <p className="banner refusal" role="alert">
            {notice}{' '}
            <button type="button" onClick={() => setSession({ notice: null })}>
              Dismiss
            </button>
          </p>
        )}
        {skipped.length > 0 && (
          <p className="banner skipped" role="status" title={skipped.map((s) => `${s.kind} ${s.id}: ${s.reason}`).join('\n')}>
            {skipped.length} item{skipped.length === 1 ? '' : 's'} in this map could not be read and {skipped.length === 1 ? 'is' : 'are'} not shown.
          </p>
        )}
        <div className="workspace-body">
          {editable && <Palette />}
          <Drawing editable={editable} />
          <RedesignEmpty editable={editable} />
          {view !== 'compare' && <EmptyMapHint map={shown} editable={editable} />}
          {view !== 'compare' && <SidePanel map={shown} editable={editable} />}
        </div>
      </main>
      {!name && <NamePrompt onDone={join} />}
    </div>
  );
}

/**
 * The canvas, or the compare view: the parts of the page that draw the steps where they are, so
 * they follow every change of the map, a position's too (the rest of the page: useMapContent).
 */
function Drawing({ editable }: { editable: boolean }) {
  const map = useStore((s) => s.map);
  const view = useStore((s) => s.view);
  const shown = useMemo(() => map && shownMap(map, view), [map, view]);
  if (!map || !shown) return null;
  return view === 'compare' ? <CompareView map={map} /> : <Canvas map={shown} editable={editable} />;
}

function roleOfToken(mapId: string, token: string): Role | undefined {
  const known = knownMaps().find((m) => m.id === mapId);
  return (['edit', 'review', 'view'] as const).find((role) => known?.tokens[role] === token);
}

/** The token from the link's fragment, or one this browser already holds for the map. */
function tokenFor(mapId: string): string | null {
  const fromLink = tokenInAddress();
  if (fromLink) return fromLink;
  const known = knownMaps().find((m) => m.id === mapId);
  return known?.tokens.edit ?? known?.tokens.review ?? known?.tokens.view ?? null;
}
