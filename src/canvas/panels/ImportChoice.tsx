import { useState } from 'react';
import { createMap } from '../../app/api';
import { openCreatedMap } from '../../app/openCreated';
import { heldOnlyBy, inWords, type StallMap } from '../../core/model';
import { plural } from '../../core/plural';
import { ModalDialog } from './ModalDialog';

export interface ImportChoiceProps {
  file: string;
  /** The file's map, already read and valid. */
  imported: StallMap;
  /** This map as it is: its title is kept unless the person asks for the file's. */
  current: StallMap;
  /** Replaces this map for everyone (one undoable change). */
  onReplace(map: StallMap): void;
  onClose(): void;
}

/**
 * A map file picked inside an open map: replacing the shared map is for everyone on it, so the
 * page asks first. Replace (undoable, this map's title kept unless asked), open the file as a
 * new map of its own (this one untouched), or cancel.
 */
export function ImportChoice({ file, imported, current, onReplace, onClose }: ImportChoiceProps) {
  const currentTitle = current.title;
  // A flowchart redrawn elsewhere holds no comments, owners or scores: replacing with it removes
  // this map's, which the person should know before, not find out after.
  const removed = heldOnlyBy(current, imported);
  const [takeTitle, setTakeTitle] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const openAsNew = async () => {
    setBusy(true);
    const result = await createMap(imported);
    setBusy(false);
    if (result.ok) openCreatedMap(result.value, imported.title);
    else setProblem(result.message);
  };

  return (
    <ModalDialog className="import-choice" labelledBy="import-choice-title" onClose={onClose}>
      <h2 id="import-choice-title">Import {file}</h2>
      <p>
        The file holds “{imported.title}”: {plural(imported.steps.length, 'step')} and {plural(imported.joins.length, 'join')}.
      </p>
      {removed.length > 0 && <p>Replacing also removes what this map holds and the file does not: {inWords(removed)} (Ctrl+Z brings them back).</p>}
      {/* The same title twice is no choice: a file exported from this map, brought back. */}
      {imported.title !== currentTitle && (
        <label className="check">
          <input type="checkbox" checked={takeTitle} onChange={(e) => setTakeTitle(e.target.checked)} />
          Take the file’s title (“{imported.title}”) instead of “{currentTitle}”
        </label>
      )}
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={() => onReplace({ ...imported, title: takeTitle ? imported.title : currentTitle })}>
          Replace this map for everyone (Ctrl+Z undoes it)
        </button>
        <button type="button" disabled={busy} onClick={() => void openAsNew()}>
          {busy ? 'Opening…' : 'Open it as a new map'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
