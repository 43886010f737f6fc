import { useState } from 'react';
import { saveName } from '../canvas/presence/identity';

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
      <form
        className="dialog name-prompt"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <h2>Who are you?</h2>
        <p>Others on this map see your name next to your cursor.</p>
        <input aria-label="Your name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} placeholder="e.g. Dana (Legal Ops)" autoFocus />
        <button type="submit" disabled={!name.trim()}>
          Join the map
        </button>
      </form>
    </div>
  );
}
