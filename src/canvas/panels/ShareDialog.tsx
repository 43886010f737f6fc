import { Fragment, useEffect, useRef, useState } from 'react';
import { fetchLinks } from '../../app/api';
import { knownMaps, linkFor, rememberMap, tokensOfLinks } from '../../app/links';
import { useStore } from '../../store';
import type { Role } from '../../store/sessionSlice';
import { useFocusBack } from '../useFocusBack';
import { copyText } from './copy-text';
import { ModalDialog } from './ModalDialog';
import { OLD_MAP_MADE, ReplaceLink } from './ReplaceLink';

const ROLE_TEXT: Record<Role, { title: string; who: string }> = {
  edit: { title: 'Edit link', who: 'for the people drawing the map: they can change everything' },
  review: { title: 'Review link', who: 'for leaders: they see the findings, comment and accept risks, but cannot redraw' },
  view: { title: 'View link', who: 'for a shared screen or an observer: look and follow along only' },
};

type Fetching = { state: 'idle' | 'fetching' | 'made-anew' } | { state: 'failed'; message: string; code?: string };

/**
 * The map's links, one per role, ready to copy. Anyone with a link has its role. An editor whose
 * browser lacks the review or view link is handed them by the server (GET …/links) and keeps them;
 * an editor can also replace any of them (ReplaceLink.tsx), when one went to the wrong people.
 */
export function ShareDialog({ mapId, onClose }: { mapId: string; onClose(): void }) {
  const [tokens, setTokens] = useState(() => knownMaps().find((m) => m.id === mapId)?.tokens ?? {});
  const role = useStore((s) => s.role);
  const linkOrigin = useStore((s) => s.linkOrigin);
  const [fetching, setFetching] = useState<Fetching>({ state: 'idle' });
  const missing = role === 'edit' && Boolean(tokens.edit) && (!tokens.review || !tokens.view);
  useEffect(() => {
    if (!missing || !tokens.edit) return;
    let cancelled = false;
    setFetching({ state: 'fetching' });
    void fetchLinks(mapId, tokens.edit).then((result) => {
      if (cancelled) return;
      if (!result.ok) return setFetching({ state: 'failed', message: result.message, code: result.code });
      const handed = tokensOfLinks(result.value.links);
      if (!handed) return setFetching({ state: 'failed', message: 'The server answered with links this page cannot read.' });
      // Kept like the creator's, so the home page and the next Share have them too.
      rememberMap(mapId, { tokens: handed });
      setTokens((held) => ({ ...held, review: handed.review, view: handed.view }));
      setFetching({ state: 'idle' });
    });
    return () => {
      cancelled = true;
    };
  }, [missing, mapId, tokens.edit]);
  // Per role: copied, or could not be (the link is then selected for the person to copy).
  const [copied, setCopied] = useState<{ role: Role; ok: boolean } | null>(null);
  const fields = useRef<Partial<Record<Role, HTMLInputElement | null>>>({});
  const copyReview = useFocusBack<HTMLButtonElement>();
  const roles = (['edit', 'review', 'view'] as const).filter((role) => tokens[role]);
  // Only an edit link may replace links, and this browser holds it.
  const editToken = role === 'edit' ? tokens.edit : undefined;
  const copy = async (role: Role, link: string) => {
    setCopied({ role, ok: await copyText(link, fields.current[role] ?? null) });
  };
  const replaced = (next: Record<Role, string>, which: Role) => {
    setTokens(next);
    if (copied?.role === which) setCopied(null);
  };
  return (
    <ModalDialog className="share" labelledBy="share-title" onClose={onClose}>
      <h2 id="share-title">Share this map</h2>
      {roles.length === 0 && <p>This browser holds no link for this map.</p>}
      {/* Drawn empty from the start: a screen reader reads a live region when its words change, not one drawn with them in it. */}
      <div role="status">
        {fetching.state === 'fetching' && <p>Getting the review and view links…</p>}
        {fetching.state === 'made-anew' && <p>{OLD_MAP_MADE}</p>}
      </div>
      {fetching.state === 'failed' && fetching.code === 'links-unavailable' && editToken ? (
        // A map made before the server kept its links (0.1.0): they cannot be fetched, but can be made anew, and are kept from then on.
        <div className="share-link" data-role="old-links">
          <p className="field-hint">This map was made before the server kept its links: its review and view links are only in the browser that created it.</p>
          <ReplaceLink
            mapId={mapId}
            linkRole="review"
            title={ROLE_TEXT.review.title}
            editToken={editToken}
            bothOfOldMap
            onReplaced={(next) => {
              setTokens(next);
              setFetching({ state: 'made-anew' });
              // The question goes with this part of the dialog: the focus goes to the new review link's Copy, what the person came for.
              copyReview.giveBack();
            }}
          />
        </div>
      ) : (
        fetching.state === 'failed' && (
          <p className="field-error" role="status">
            The review and view links could not be fetched: {fetching.message}
          </p>
        )
      )}
      {roles.length < 3 && roles.length > 0 && role !== 'edit' && <p className="field-hint">An edit link can hand out every link; ask an editor for another role.</p>}
      {roles.map((role) => {
        const link = linkFor(mapId, tokens[role] as string, linkOrigin);
        const state = copied?.role === role ? copied : null;
        const copyText = state?.ok ? 'Copied' : 'Copy';
        return (
          <Fragment key={role}>
            <div className="share-link" data-role={role}>
              <label htmlFor={`share-${role}`}>
                <strong>{ROLE_TEXT[role].title}</strong> {ROLE_TEXT[role].who}
              </label>
              <div className="share-row">
                <input
                  id={`share-${role}`}
                  ref={(field) => {
                    fields.current[role] = field;
                  }}
                  readOnly
                  value={link}
                  onFocus={(e) => e.target.select()}
                />
                {/* Named with the link: a screen reader's list of buttons would give three "Copy". */}
                <button ref={role === 'review' ? copyReview.ref : undefined} type="button" onClick={() => copy(role, link)} aria-label={`${copyText} the ${ROLE_TEXT[role].title.toLowerCase()}`}>
                  {copyText}
                </button>
              </div>
              {state && !state.ok && (
                <p className="field-error" role="status">
                  This browser would not copy the link here. It is selected: press Ctrl+C (⌘C on a Mac) to copy it.
                </p>
              )}
            </div>
            {/* Below its link, not in its row: the row's one button is Copy. */}
            {editToken && <ReplaceLink mapId={mapId} linkRole={role} title={ROLE_TEXT[role].title} editToken={editToken} onReplaced={(next) => replaced(next, role)} />}
          </Fragment>
        );
      })}
      <p className="field-hint">The access token is in the part after #, which browsers never send to a server, so it stays out of logs.</p>
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </ModalDialog>
  );
}
