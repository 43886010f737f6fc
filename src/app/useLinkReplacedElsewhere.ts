import { useEffect } from 'react';
import type { Session } from '../collab/session';
import { useStore } from '../store';
import { knownMaps, showTokenInAddress, tokenInAddress } from './links';

/**
 * This page's link was replaced (the server closed it, 4410) from another tab of this browser,
 * which keeps the new links here (ReplaceLink.tsx): the page goes on with the new one, as that tab
 * did, rather than tell its person to ask the team for a link their own browser holds. The server
 * closes this page before that tab has its answer, so the new link is looked for again when the
 * browser's storage changes. A browser that holds no newer link (someone the link leaked to) is
 * told, as before.
 */
export function useLinkReplacedElsewhere(session: Session | null, mapId: string): void {
  useEffect(() => {
    if (!session) return;
    const goOnWithNewer = () => {
      const { refusal, role } = useStore.getState();
      if (!refusal?.linkReplaced) return;
      const held = knownMaps().find((m) => m.id === mapId)?.tokens[role];
      if (!held || held === tokenInAddress()) return;
      showTokenInAddress(held);
      session.switchToken(held);
    };
    const unsubscribe = useStore.subscribe((state, previous) => {
      if (state.refusal !== previous.refusal) goOnWithNewer();
    });
    window.addEventListener('storage', goOnWithNewer);
    return () => {
      unsubscribe();
      window.removeEventListener('storage', goOnWithNewer);
    };
  }, [session, mapId]);
}
