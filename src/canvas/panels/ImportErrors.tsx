import type { SchemaError } from '../../core/model';
import { ModalDialog } from './ModalDialog';

/**
 * Why a file was refused: every error with its place. Nothing was changed. A modal dialog like the
 * others (Esc closes it, the focus goes back to Import), so a keyboard user picks the fixed file next.
 */
export function ImportErrors({ file, errors, onClose }: { file: string; errors: SchemaError[]; onClose(): void }) {
  return (
    <ModalDialog className="import-errors" role="alertdialog" labelledBy="import-errors-title" onClose={onClose}>
      <h2 id="import-errors-title">{file} is not a valid map</h2>
      <p>Nothing was changed. Fix these and import again:</p>
      <ul>
        {errors.slice(0, 50).map((error, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity beyond their order
          <li key={i}>
            <code>{error.path}</code>
            {error.line !== undefined && ` (line ${error.line})`}: {error.message}
          </li>
        ))}
      </ul>
      {errors.length > 50 && <p>…and {errors.length - 50} more.</p>}
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </ModalDialog>
  );
}
