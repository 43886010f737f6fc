import { Position, type NodeHandle } from '@xyflow/react';
import type { Step, StepKind } from '../../core/model';
import { minutesParts } from '../../core/picture/minutes-line';
import { OWNED_KINDS } from './kinds';

/**
 * A step's size and handles before the page has drawn it, worked out from its text the way
 * canvas.css lays it out. React Flow renders and measures every step it holds no size for, even
 * one far off screen; given these up front, a large map mounts only the steps on screen, and a join
 * to a step off screen still ends at its side. React Flow measures every step it mounts, so a step
 * on screen soon has its real size, which replaces this one.
 *
 * The figures are canvas.css's: a 200 px box (170 for start and end) with 10/8 px padding, a 14 px
 * kind line, a 14 px label with 16 px lines and 3 px margins, 12 px owner and minutes lines of 14 px.
 */
const BORDER: Record<StepKind, { x: number; y: number }> = {
  start: { x: 4, y: 4 },
  end: { x: 4, y: 4 },
  human: { x: 4, y: 4 },
  ai: { x: 6, y: 6 },
  system: { x: 4, y: 4 },
  approval: { x: 8, y: 8 },
  verification: { x: 10, y: 4 },
  handoff: { x: 4, y: 4 },
};
const PADDING = { x: 20, y: 16 };
const HEAD = 14;
const LABEL_MARGIN = 6;
const LABEL_LINE = 16;
const SMALL_LINE = 14;
/** The owner and minutes lines start after a 12 px icon and a 4 px gap. */
const ICON_AND_GAP = 16;
const MIN_HEIGHT = 64;
/** React Flow's handle, as canvas.css draws it: a 10 px square centred on the step's left or right side. */
const HANDLE = 10;

export const stepWidth = (kind: StepKind) => (kind === 'start' || kind === 'end' ? 170 : 200);

export interface Size {
  width: number;
  height: number;
}

const LABEL_FONT = '600 14px';
const SMALL_FONT = '12px';

export function estimatedStepSize(step: Step): Size {
  const width = stepWidth(step.kind);
  const border = BORDER[step.kind];
  const inner = width - border.x - PADDING.x;
  let height = border.y + PADDING.y + HEAD + LABEL_MARGIN + LABEL_LINE * linesOf(step.label, LABEL_FONT, inner);
  if (OWNED_KINDS.has(step.kind)) height += SMALL_LINE * linesOf(step.owner?.trim() || 'no owner', SMALL_FONT, inner - ICON_AND_GAP);
  const minutes = minutesParts(step);
  if (minutes.length) height += SMALL_LINE * linesOf(minutes.join(' · '), SMALL_FONT, inner - ICON_AND_GAP);
  return { width, height: Math.max(MIN_HEIGHT, height) };
}

/**
 * A step's size and handles as React Flow would measure them: its measured size once it has one,
 * else worked out from its text. A node that carries both is one React Flow need not draw to
 * measure: with culling on, only the nodes on screen are mounted.
 */
export function sizedForFlow(step: Step, measured: Partial<Size> | undefined): { measured: Size; handles: NodeHandle[] } {
  const size = measured?.width && measured.height ? { width: measured.width, height: measured.height } : estimatedStepSize(step);
  return { measured: size, handles: stepHandles(step, size) };
}

/** Where React Flow would find the handles of a step this size (as it measures them from the page). */
export function stepHandles(step: Pick<Step, 'kind'>, { width, height }: Size): NodeHandle[] {
  const y = height / 2 - HANDLE / 2;
  const handles: NodeHandle[] = [];
  if (step.kind !== 'start') handles.push({ type: 'target', position: Position.Left, x: -HANDLE / 2, y, width: HANDLE, height: HANDLE });
  if (step.kind !== 'end') handles.push({ type: 'source', position: Position.Right, x: width - HANDLE / 2, y, width: HANDLE, height: HANDLE });
  return handles;
}

/**
 * How many lines `text` takes at `font` in `width` px, wrapping at spaces as the page does
 * (a word longer than a line breaks anywhere), measured on a canvas; where there is no canvas
 * (outside a browser) a character takes about 8 px.
 */
function linesOf(text: string, font: string, width: number): number {
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines++;
    let used = 0;
    for (const word of paragraph.split(' ')) {
      const w = wordWidth(word, font);
      const space = used ? wordWidth(' ', font) : 0;
      if (used && used + space + w <= width) {
        used += space + w;
        continue;
      }
      if (used) lines++;
      // A word wider than the line (overflow-wrap: anywhere) fills whole lines of its own.
      const extra = Math.max(0, Math.ceil(w / width) - 1);
      lines += extra;
      used = w - extra * width;
    }
  }
  return Math.max(1, lines);
}

/**
 * Each font's measured characters. A word's width is the sum of its characters' (kerning left out:
 * a pixel or two on a 176 px line), so a map of thousands of steps, each label with a number of its
 * own, costs a few dozen measurements, not one per word.
 */
const widths = new Map<string, Map<string, number>>();
let context: CanvasRenderingContext2D | null | undefined;
let family = '';

function wordWidth(word: string, font: string): number {
  let known = widths.get(font);
  if (!known || known.size > 5_000) {
    known = new Map();
    widths.set(font, known);
  }
  let width = 0;
  for (const char of word) {
    let w = known.get(char);
    if (w === undefined) {
      w = measure(char, font);
      known.set(char, w);
    }
    width += w;
  }
  return width;
}

function measure(char: string, font: string): number {
  if (context === undefined) {
    context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    family = context ? getComputedStyle(document.body).fontFamily : '';
  }
  if (!context) return font === LABEL_FONT ? 8.5 : 6.5;
  context.font = `${font} ${family || 'sans-serif'}`;
  return context.measureText(char).width;
}
