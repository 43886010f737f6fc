import { useState } from 'react';
import { saveName } from '../canvas/presence/identity';
import { MAX_NAME_LENGTH } from '../core/model';

/** Asked once per browser: the name others see next to your cursor. */
export function NamePrompt({ onDone }: { onDone(name: string): void }) {
  const [name, setName] = useState('');
  const submit = () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    saveName(trimmed);
    onDone(trimmed);
  };
  return (
    <div className="dialog-backdrop">
      {/* A modal dialog, as a screen reader should announce it: the map waits behind it for a name. */}
      <div className="dialog name-prompt" role="dialog" aria-modal="true" aria-labelledby="name-prompt-title">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <h2 id="name-prompt-title">Who are you?</h2>
          <p>Others on this map see your name next to your cursor.</p>
          <input aria-label="Your name" value={name} maxLength={MAX_NAME_LENGTH} onChange={(e) => setName(e.target.value)} placeholder="e.g. Dana (Legal Ops)" autoFocus />
          <button type="submit" disabled={!name.trim()}>
            Join the map
          </button>
        </form>
      </div>
    </div>
  );
}
