import { useState } from 'react';

/**
 * Asked when the server creates maps only with its create token (STALLMAP_CREATE_TOKEN): whoever
 * runs the server hands it out. The home page keeps it on this browser (create-token.ts).
 */
export function CreateTokenForm({ wrong, onToken, onCancel }: { wrong: boolean; onToken: (token: string) => void; onCancel: () => void }) {
  const [token, setToken] = useState('');
  return (
    <form
      className="create-token"
      onSubmit={(event) => {
        event.preventDefault();
        if (token.trim()) onToken(token.trim());
      }}
    >
      <p role="alert">
        {wrong ? 'That create token was not accepted. ' : ''}
        This server creates maps only with its create token; ask whoever runs it.
      </p>
      <label>
        Create token <input type="password" autoComplete="off" value={token} onChange={(event) => setToken(event.target.value)} autoFocus />
      </label>
      <button type="submit" disabled={!token.trim()}>
        Create the map
      </button>
      <button type="button" className="link-button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
