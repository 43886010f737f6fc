import { STEP_KINDS } from '../../core/model';
import { Icon } from '../icons';
import { KIND_STYLES } from '../nodes/kinds';
import { useAddStep } from '../useAddStep';

export const PALETTE_MIME = 'application/x-stallmap-kind';

/**
 * Add a step: click to put it on the free space nearest the middle of the view (never on another
 * step), or drag it to where it belongs. To add a step already joined to another, select that
 * step and use its "add next" buttons.
 */
export function Palette() {
  const add = useAddStep();

  return (
    <nav className="palette" aria-label="Add a step">
      <h2>Add a step</h2>
      {STEP_KINDS.map((kind) => (
        <button
          type="button"
          key={kind}
          className={`palette-item palette-${kind}`}
          title={KIND_STYLES[kind].hint}
          draggable
          onDragStart={(event) => {
            event.dataTransfer.setData(PALETTE_MIME, kind);
            event.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => add.inView(kind)}
          data-kind={kind}
        >
          <Icon name={kind} />
          <span>{KIND_STYLES[kind].label}</span>
        </button>
      ))}
    </nav>
  );
}
