import { memo, useMemo, useRef, type ReactElement } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { StepKind } from '../../core/model';
import { type Area, useCoveredArea } from '../coveredArea';
import { DrawnGroups, useGrouping } from '../drawnInGroups';
import { onlySelectedChanged } from '../onlySelectedChanged';
import type { StepFlowNode } from './StepNode';
import { type FarStepGestures, useFarStepGestures } from './useFarStepGestures';
import './farSteps.css';

/**
 * The steps seen from afar (farZoom.ts) that nobody is working on, all in one <svg>: each a box of
 * its kind's colour (its finding's, when flagged), no text. React Flow holds them hidden
 * (Canvas.tsx): each step it draws is an element of its own, placed apart, with its store
 * listeners; at fit view on 1,000 steps those were 1,000 pieces for the browser to sort into
 * layers on every frame, and 1,000 listeners called on every drag frame and keystroke. On a large
 * map (`culled`, as React Flow's own steps are) only the boxes near the view are drawn; a small
 * one keeps every box in the page, where the keyboard reaches it.
 *
 * A box is still a step to the hand and the keyboard: it is focusable and named as the step is,
 * a click or Enter selects it, and a drag moves it (useFarStepGestures). A selected step, and one
 * being renamed or joined, is handed back to React Flow, which draws it whole.
 */
export const FarSteps = memo(function FarSteps({ steps, culled, ...gestures }: { steps: readonly StepFlowNode[]; culled: boolean } & FarStepGestures) {
  const area = useCoveredArea();
  // Each box kept while its node is the same object: a drag frame makes the dragged step's box
  // again (when it is drawn here at all), and React skips the rest without comparing their props.
  const cache = useRef(new WeakMap<StepFlowNode, Drawn>());
  const inGroups = useGrouping();
  const last = useRef<{ steps: readonly StepFlowNode[]; area: Area; culled: boolean; groups: ReactElement[][] } | undefined>(undefined);
  const groups = useMemo(() => {
    const prior = last.current;
    // A drag or a rename changes only selected steps, which React Flow draws: every box stays as it is.
    if (prior && prior.area === area && prior.culled === culled && onlySelectedChanged(prior.steps, steps)) {
      last.current = { ...prior, steps };
      return prior.groups;
    }
    const elements: ReactElement[] = [];
    for (const node of steps) {
      if (!node.hidden) continue;
      let drawn = cache.current.get(node);
      if (!drawn) {
        // Every step the canvas hands React Flow carries its size (Canvas.tsx's sizeOf).
        const box = { x: node.position.x, y: node.position.y, width: node.measured?.width ?? 0, height: node.measured?.height ?? 0 };
        drawn = { box, element: <FarStep key={node.id} id={node.id} kind={node.data.step.kind} className={node.className} label={node.ariaLabel} {...box} /> };
        cache.current.set(node, drawn);
      }
      if (!culled || overlaps(area, drawn.box)) elements.push(drawn.element);
    }
    last.current = { steps, area, culled, groups: inGroups(elements) };
    return last.current.groups;
  }, [steps, area, culled, inGroups]);
  const handlers = useFarStepGestures(gestures);
  return (
    <ViewportPortal>
      <svg className="far-steps" {...handlers}>
        <DrawnGroups groups={groups} />
      </svg>
    </ViewportPortal>
  );
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Drawn {
  box: Box;
  element: ReactElement;
}

const overlaps = (area: Area, box: Box) => box.x + box.width > area.left && box.x < area.right && box.y + box.height > area.top && box.y < area.bottom;

interface FarStepProps extends Box {
  id: string;
  kind: StepKind;
  className?: string;
  label?: string;
}

/** A box in a step's place and size; `nopan` keeps a drag on it from panning the canvas. */
const FarStep = memo(function FarStep({ id, kind, className, label, x, y, width, height }: FarStepProps) {
  const round = kind === 'start' || kind === 'end' ? height / 2 : 6;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a shape inside an <svg> cannot be a <button>; it acts as one (Enter, Space, a click select it).
    <rect
      className={`far-step nopan${className ? ` ${className}` : ''}`}
      data-step-id={id}
      data-kind={kind}
      x={x}
      y={y}
      width={width}
      height={height}
      rx={round}
      tabIndex={0}
      role="button"
      aria-label={label}
    />
  );
});
