import type { Step } from '../model';
import { minutesParts } from './minutes-line';
import { findingsPhrase, type Mark, openSeverity } from './marks';
import { INK, INK_SOFT, KIND_LOOKS, SEVERITY_COLOURS, WAIVED_COLOUR } from './palette';
import { fitText, textWidth, wrapText } from './text-width';
import { escapeXml, num, plainText } from './xml';

/**
 * One step as the canvas draws it (src/canvas/nodes/StepNode.tsx): a rounded box in its kind's
 * colour and shape, the kind's badge and name, the label (at most three lines, the rest cut with
 * an ellipsis; the full text in the step's <title>), the owner and the minutes.
 */

const WIDTH = 200;
const PILL_WIDTH = 170;
const PAD_X = 10;
const PAD_Y = 8;
const HEAD = 16;
const LABEL = { size: 14, bold: true };
const LABEL_LINE = 18;
const MAX_LABEL_LINES = 3;
const SMALL = { size: 12 };
const SMALL_LINE = 16;
const MIN_HEIGHT = 64;

/** Kinds whose outcome needs a named owner (as on the canvas): every step but start and end. */
const isOwned = (step: Step) => step.kind !== 'start' && step.kind !== 'end';
const isPill = (step: Step) => step.kind === 'start' || step.kind === 'end';

export interface StepLayout {
  step: Step;
  width: number;
  height: number;
  label: string;
  lines: string[];
  owner: string;
  minutes: string;
}

/** The step's size and the text it will show, measured with the width table. */
export function measureStep(step: Step): StepLayout {
  const width = isPill(step) ? PILL_WIDTH : WIDTH;
  const label = plainText(step.label);
  const room = width - 2 * PAD_X - (isPill(step) ? 20 : 0) - (step.kind === 'verification' ? 6 : 0);
  const lines = wrapText(label, room, LABEL, MAX_LABEL_LINES);
  const owner = isOwned(step) ? plainText(step.owner ?? '') : '';
  const minutes = minutesParts(step).join(' · ');
  let height = PAD_Y + HEAD + 3 + Math.max(1, lines.length) * LABEL_LINE + 2;
  if (isOwned(step)) height += SMALL_LINE;
  if (minutes) height += SMALL_LINE;
  return { step, width, height: Math.max(MIN_HEIGHT, height + PAD_Y), label, lines, owner, minutes };
}

const OWNER_ICON = 'M8 7.5a2.75 2.75 0 1 0 0-5.5 2.75 2.75 0 0 0 0 5.5zM3 14c0-2.9 2.2-4.5 5-4.5s5 1.6 5 4.5';
const CLOCK_ICON = 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 4.5V8l2.5 1.5';

const icon = (path: string, x: number, y: number, colour: string) =>
  `<path transform="translate(${num(x)} ${num(y)}) scale(.75)" d="${path}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>`;

/** The kind's badge: a disc in its colour with its letter, or a play and a stop sign for start and end. */
export function kindBadge(kind: Step['kind'], cx: number, cy: number): string {
  const look = KIND_LOOKS[kind];
  const disc = `<circle cx="${num(cx)}" cy="${num(cy)}" r="8" fill="${look.colour}"/>`;
  if (kind === 'start') return `${disc}<path d="M${num(cx - 2.5)} ${num(cy - 4)}v8l6.5-4z" fill="#fff"/>`;
  if (kind === 'end') return `${disc}<rect x="${num(cx - 3.5)}" y="${num(cy - 3.5)}" width="7" height="7" fill="#fff"/>`;
  const size = look.letter.length > 1 ? 7.5 : 9.5;
  return `${disc}<text x="${num(cx)}" y="${num(cy + size * 0.36)}" font-size="${size}" font-weight="700" fill="#fff" text-anchor="middle">${look.letter}</text>`;
}

/** The box's outline: border width, corner radius and dashes per kind, as in canvas.css. */
function outline(layout: StepLayout): string {
  const { step, width, height } = layout;
  const look = KIND_LOOKS[step.kind];
  const rx = isPill(step) ? height / 2 : step.kind === 'system' ? 3 : 10;
  const strokeWidth = step.kind === 'ai' ? 3 : 2;
  const dash = step.kind === 'handoff' ? ' stroke-dasharray="6 4"' : '';
  const box = `<rect width="${width}" height="${num(height)}" rx="${num(Math.min(rx, height / 2))}" fill="${look.fill}" stroke="${look.colour}" stroke-width="${strokeWidth}"${dash}/>`;
  // Approval: a double line. Check: a thick bar on the left.
  if (step.kind === 'approval') return `${box}<rect x="3.5" y="3.5" width="${width - 7}" height="${num(height - 7)}" rx="7" fill="none" stroke="${look.colour}" stroke-width="1"/>`;
  if (step.kind === 'verification') return `${box}<rect width="7" height="${num(height)}" rx="3" fill="${look.colour}"/>`;
  return box;
}

/** A ring in the severity's colour around a flagged step (the canvas's glow, stronger for a shared screen). */
function ring(layout: StepLayout, mark: Mark | undefined): string {
  const severity = openSeverity(mark);
  if (!severity) return '';
  const { step, width, height } = layout;
  const rx = isPill(step) ? height / 2 + 5 : 14;
  return `<rect x="-5" y="-5" width="${width + 10}" height="${num(height + 10)}" rx="${num(Math.min(rx, height / 2 + 5))}" fill="none" stroke="${SEVERITY_COLOURS[severity]}" stroke-width="4" stroke-opacity=".6"/>`;
}

/** The count of open findings in the severity's colour (or "n waived" in grey), at the head's right. */
function findingBadge(layout: StepLayout, mark: Mark | undefined): string {
  if (!mark) return '';
  const text = mark.open ? String(mark.open) : `${mark.waived} waived`;
  const colour = mark.severity === 'waived' ? WAIVED_COLOUR : SEVERITY_COLOURS[mark.severity];
  const width = textWidth(text, 10, true) + 10;
  const x = layout.width - (isPill(layout.step) ? 26 : PAD_X) - width;
  return `<rect x="${num(x)}" y="${PAD_Y}" width="${num(width)}" height="15" rx="7.5" fill="${colour}"/><text x="${num(x + width / 2)}" y="${PAD_Y + 11}" font-size="10" font-weight="700" fill="#fff" text-anchor="middle">${escapeXml(text)}</text>`;
}

export function drawStep(layout: StepLayout, at: { x: number; y: number }, mark: Mark | undefined): string {
  const { step, width, lines, owner, minutes } = layout;
  const look = KIND_LOOKS[step.kind];
  const centred = isPill(step);
  const classes = ['step', `step-${step.kind}`, mark ? `finding-${mark.severity}` : ''].filter(Boolean).join(' ');
  const title = [`${look.name} step: ${layout.label}`, owner ? `owner ${owner}` : '', minutes, findingsPhrase(mark)].filter(Boolean).join('. ');

  const kindName = look.name.toUpperCase();
  const headWidth = 16 + 5 + textWidth(kindName, 10, true);
  const headX = centred ? (width - headWidth) / 2 : PAD_X + (step.kind === 'verification' ? 4 : 0);
  const textX = centred ? width / 2 : headX;
  const anchor = centred ? ' text-anchor="middle"' : '';
  const parts = [
    `<g class="${classes}" transform="translate(${num(at.x)} ${num(at.y)})"><title>${escapeXml(title)}</title>`,
    ring(layout, mark),
    outline(layout),
    kindBadge(step.kind, headX + 8, PAD_Y + 7.5),
    `<text x="${num(headX + 21)}" y="${PAD_Y + 11.5}" font-size="10" font-weight="700" fill="${look.colour}">${kindName}</text>`,
    findingBadge(layout, mark),
  ];
  const firstBaseline = PAD_Y + HEAD + 3 + LABEL.size;
  const tspans = lines.map((line, i) => `<tspan x="${num(textX)}" y="${num(firstBaseline + i * LABEL_LINE)}">${escapeXml(line)}</tspan>`).join('');
  parts.push(`<text font-size="${LABEL.size}" font-weight="600" fill="${INK}"${anchor}>${tspans}</text>`);
  // The owner and minutes lines, each SMALL_LINE tall, start where measureStep put them.
  let y = PAD_Y + HEAD + 3 + Math.max(1, lines.length) * LABEL_LINE + 2;
  // Icon and text from the left, also on a start or end pill (inside its rounded ends).
  const lineX = centred ? PAD_X + 14 : textX;
  const room = width - lineX - PAD_X - 15 - (centred ? 14 : 0);
  const line = (path: string, colour: string, text: string, weight = '') =>
    `${icon(path, lineX, y + 2, colour)}<text x="${num(lineX + 15)}" y="${num(y + 12)}" font-size="12" fill="${colour}"${weight}>${escapeXml(fitText(text, room, SMALL))}</text>`;
  if (isOwned(step)) {
    // A missing owner is a finding on its own (no-accountable-owner): red, as on the canvas.
    parts.push(owner ? line(OWNER_ICON, INK_SOFT, owner) : line(OWNER_ICON, SEVERITY_COLOURS.error, 'no owner', ' font-weight="600"'));
    y += SMALL_LINE;
  }
  if (minutes) parts.push(line(CLOCK_ICON, INK_SOFT, minutes));
  parts.push('</g>');
  return parts.join('');
}
