import { useRef, type ReactNode } from 'react';

/** What the picker accepts: what readMapFile.ts reads (here, not there, so the reader itself loads on demand). */
const MAP_FILE_TYPES = '.json,application/json,.png,image/png,.svg,image/svg+xml,.mmd,.mermaid,.txt,text/plain';

/** A button (drawn by the caller) that picks one map file: JSON, a Stallmap picture, or Mermaid. */
export function MapFilePicker({ onFile, children }: { onFile(file: File): void; children(open: () => void): ReactNode }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      {children(() => input.current?.click())}
      <input
        ref={input}
        type="file"
        accept={MAP_FILE_TYPES}
        hidden
        data-testid="import-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared, so picking the same file again (after fixing it) fires again.
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
