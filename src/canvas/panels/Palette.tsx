import { useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { STEP_KINDS, type StepKind } from '../../core/model';
import { useStore } from '../../store';
import { Icon } from '../icons';
import { KIND_STYLES } from '../nodes/kinds';
import { useSession } from '../SessionContext';

export const PALETTE_MIME = 'application/x-stallmap-kind';

/** Add a step: click to drop it mid-view, or drag it to where it belongs. */
export function Palette() {
  const { commands } = useSession();
  const flow = useReactFlow();
  const select = useStore((s) => s.select);
  const nudge = useRef(0);

  const add = (kind: StepKind) => {
    const box = document.querySelector('.canvas')?.getBoundingClientRect();
    const center = flow.screenToFlowPosition({
      x: (box?.left ?? 0) + (box?.width ?? 800) / 2,
      y: (box?.top ?? 0) + (box?.height ?? 600) / 2,
    });
    // Successive clicks fan out, so new steps never land exactly on top of each other.
    const offset = (nudge.current++ % 6) * 28;
    const id = commands.addStep(kind, { x: center.x - 100 + offset, y: center.y - 48 + offset });
    if (id) select([id]);
  };

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
          onClick={() => add(kind)}
          data-kind={kind}
        >
          <Icon name={kind} />
          <span>{KIND_STYLES[kind].label}</span>
        </button>
      ))}
    </nav>
  );
}
