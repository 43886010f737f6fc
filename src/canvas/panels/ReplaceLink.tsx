import { useState } from 'react';
import { replaceLink } from '../../app/api';
import { rememberMap, showTokenInAddress, tokensOfLinks } from '../../app/links';
import { useStore } from '../../store';
import type { Role } from '../../store/sessionSlice';
import { useSession } from '../SessionContext';
import { useFocusBack } from '../useFocusBack';

/** Who loses access, said before anything is replaced: the people on the old link are cut off at once. */
const WHO_LOSES: Record<Role, string> = {
  edit: 'Everyone drawing with the current edit link, on any device, is disconnected at once and can no longer open the map: send the new link to the team. This page moves to the new link.',
  review: 'Leaders with the current review link are disconnected at once and can no longer open the map or comment: send the new link to those who should keep access.',
  view: 'Shared screens and observers on the current view link are disconnected at once: open the new link there.',
};

/** For a map made before its links were kept (bothOfOldMap). */
const OLD_MAP_LOSES =
  'The review and view links this map was created with stop working (they are only in the browser that created it): leaders and shared screens on them are disconnected. Send the new ones to those who should keep access.';

/** Said once an older map's review and view links are made anew (by the Share dialog, which then shows them). */
export const OLD_MAP_MADE = 'New review and view links made: the ones this map was created with no longer open it.';

type Replacing = { state: 'idle' | 'confirming' | 'working' | 'done' } | { state: 'failed'; message: string };

/**
 * "Make new link" beside a link in the Share dialog: for a link forwarded or leaked, a new one in
 * its place. Asks first, saying who loses access; then the old link opens nothing, anywhere. The
 * new links are kept in this browser, as Share keeps the ones it is handed, and when the page was
 * on the link replaced, it goes on with the new one (its address too).
 */
export function ReplaceLink({
  mapId,
  linkRole: role,
  title,
  editToken,
  onReplaced,
  bothOfOldMap = false,
}: {
  mapId: string;
  /** Which of the map's links this replaces. */
  linkRole: Role;
  title: string;
  editToken: string;
  onReplaced(tokens: Record<Role, string>): void;
  /** A map made before its links were kept: the review and view links, which nobody but their creator's browser holds, are both made anew (the server does so for either). */
  bothOfOldMap?: boolean;
}) {
  const [replacing, setReplacing] = useState<Replacing>({ state: 'idle' });
  const session = useSession();
  const pageRole = useStore((s) => s.role);
  const name = bothOfOldMap ? 'review and view links' : title.toLowerCase();
  const made = bothOfOldMap ? OLD_MAP_MADE : `New ${name} made: the old one no longer opens the map.`;

  // The question's buttons go as it is answered, either way: the focus goes back to the button that asked it.
  const asker = useFocusBack<HTMLButtonElement>();
  const keep = () => {
    asker.giveBack();
    setReplacing({ state: 'idle' });
  };
  const replace = async () => {
    asker.giveBack();
    setReplacing({ state: 'working' });
    const result = await replaceLink(mapId, editToken, role);
    if (!result.ok) return setReplacing({ state: 'failed', message: result.message });
    const tokens = tokensOfLinks(result.value.links);
    if (!tokens) return setReplacing({ state: 'failed', message: 'The server answered with links this page cannot read.' });
    rememberMap(mapId, { tokens });
    // A role has one link: the page on this role was on the link just replaced.
    if (pageRole === role) {
      showTokenInAddress(tokens[role]);
      session.switchToken(tokens[role]);
    }
    onReplaced(tokens);
    setReplacing({ state: 'done' });
  };

  const asking = replacing.state === 'confirming' || replacing.state === 'working';
  return (
    <div className="share-replace" data-replaces={role}>
      {asking ? (
        <fieldset
          className="share-confirm"
          data-replaces={role}
          // Esc answers the question last asked, this one ("keep it"), not the dialog around it (useModalDialog.ts leaves the key to it).
          data-escape-cancels
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation();
            keep();
          }}
        >
          <legend>{bothOfOldMap ? 'Make new review and view links?' : `Make a new ${name}?`}</legend>
          <p>{bothOfOldMap ? OLD_MAP_LOSES : WHO_LOSES[role]}</p>
          <div className="share-row">
            <button type="button" className="danger" disabled={replacing.state === 'working'} onClick={() => void replace()}>
              {replacing.state === 'working' ? 'Making a new link…' : `Replace the ${name}`}
            </button>
            {/* Focused first: keeping the link is the safe answer to a click made by mistake. */}
            <button type="button" disabled={replacing.state === 'working'} onClick={keep} autoFocus>
              Keep it
            </button>
          </div>
        </fieldset>
      ) : bothOfOldMap ? (
        <button ref={asker.ref} type="button" onClick={() => setReplacing({ state: 'confirming' })}>
          Make new review and view links
        </button>
      ) : (
        <button ref={asker.ref} type="button" onClick={() => setReplacing({ state: 'confirming' })} aria-label={`Make new link: ${name}`}>
          Make new link
        </button>
      )}
      {/* Drawn empty from the start: a screen reader reads a live region when its words change, not one drawn with them in it. */}
      <div role="status">
        {replacing.state === 'done' && (
          <p className="field-hint">
            {made}
            {pageRole === role ? ' This page now uses the new one.' : ''}
          </p>
        )}
        {replacing.state === 'failed' && (
          <p className="field-error">
            The {name} was not replaced: {replacing.message}
          </p>
        )}
      </div>
    </div>
  );
}
