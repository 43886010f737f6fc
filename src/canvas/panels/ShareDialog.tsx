import { useState } from 'react';
import { knownMaps, linkFor } from '../../app/links';
import type { Role } from '../../store/sessionSlice';

const ROLE_TEXT: Record<Role, { title: string; who: string }> = {
  edit: { title: 'Edit link', who: 'for the people drawing the map: they can change everything' },
  review: { title: 'Review link', who: 'for leaders: they see the findings, comment and accept risks, but cannot redraw' },
  view: { title: 'View link', who: 'for a shared screen or an observer: look and follow along only' },
};

/** The links this browser holds for the map, one per role, ready to copy. Anyone with a link has its role. */
export function ShareDialog({ mapId, onClose }: { mapId: string; onClose(): void }) {
  const tokens = knownMaps().find((m) => m.id === mapId)?.tokens ?? {};
  const [copied, setCopied] = useState<Role | null>(null);
  const roles = (['edit', 'review', 'view'] as const).filter((role) => tokens[role]);
  const copy = async (role: Role, link: string) => {
    await navigator.clipboard?.writeText(link).catch(() => undefined);
    setCopied(role);
  };
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div className="dialog share" role="dialog" aria-labelledby="share-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="share-title">Share this map</h2>
        {roles.length === 0 && <p>This browser holds no link for this map.</p>}
        {roles.length < 3 && roles.length > 0 && <p className="field-hint">Only the person who created the map holds all three links; ask them for another role.</p>}
        {roles.map((role) => {
          const link = linkFor(mapId, tokens[role] as string);
          return (
            <div key={role} className="share-link" data-role={role}>
              <label htmlFor={`share-${role}`}>
                <strong>{ROLE_TEXT[role].title}</strong> {ROLE_TEXT[role].who}
              </label>
              <div className="share-row">
                <input id={`share-${role}`} readOnly value={link} onFocus={(e) => e.target.select()} />
                <button type="button" onClick={() => copy(role, link)}>
                  {copied === role ? 'Copied' : 'Copy'}
                </button>
              </div>
            </div>
          );
        })}
        <p className="field-hint">The access token is in the part after #, which browsers never send to a server, so it stays out of logs.</p>
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
