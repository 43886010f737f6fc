import type { SchemaError } from '../../core/model';

/** Why a file was refused: every error with its JSON path. Nothing was changed. */
export function ImportErrors({ file, errors, onClose }: { file: string; errors: SchemaError[]; onClose(): void }) {
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div className="dialog import-errors" role="alertdialog" aria-labelledby="import-errors-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="import-errors-title">{file} is not a valid map</h2>
        <p>Nothing was changed. Fix these and import again:</p>
        <ul>
          {errors.slice(0, 50).map((error, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity beyond their order
            <li key={i}>
              <code>{error.path}</code>: {error.message}
            </li>
          ))}
        </ul>
        {errors.length > 50 && <p>…and {errors.length - 50} more.</p>}
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
