import type { FindingSeverity } from '../analyzer/types';
import type { Handoff, StepKind } from '../model';

/**
 * The canvas's colours and names (src/app/styles/base.css and canvas.css, src/canvas/nodes/kinds.ts),
 * for pictures drawn without a browser: a step reads the same on screen, in the SVG and in print.
 */
export const INK = '#111827';
export const INK_SOFT = '#4b5563';
export const LINE = '#e5e7eb';
export const PAPER = '#ffffff';

export const SEVERITY_COLOURS: Readonly<Record<FindingSeverity, string>> = { error: '#dc2626', warning: '#d97706', info: '#2563eb' };
export const WAIVED_COLOUR = '#6b7280';

export interface KindLook {
  name: string;
  /** Shown in the step's badge: the kind at a glance, in any font. */
  letter: string;
  colour: string;
  fill: string;
}

export const KIND_LOOKS: Readonly<Record<StepKind, KindLook>> = {
  start: { name: 'Start', letter: '', colour: '#15803d', fill: PAPER },
  end: { name: 'End', letter: '', colour: '#111827', fill: '#f3f4f6' },
  human: { name: 'Human', letter: 'H', colour: '#2563eb', fill: '#eff6ff' },
  ai: { name: 'AI', letter: 'AI', colour: '#7c3aed', fill: '#f5f3ff' },
  system: { name: 'System', letter: 'S', colour: '#475569', fill: '#f8fafc' },
  approval: { name: 'Approval', letter: 'A', colour: '#b45309', fill: '#fffbeb' },
  verification: { name: 'Check', letter: 'C', colour: '#0f766e', fill: '#f0fdfa' },
  handoff: { name: 'Hand-off', letter: 'HO', colour: '#c2410c', fill: '#fff7ed' },
};

export interface HandoffLook {
  name: string;
  dash?: string;
  width: number;
}

/** Every join in one neutral colour (only a finding colours a join); the handoff by line style: system solid, manual dashed, meeting dotted. */
export const JOIN_COLOUR = '#64748b';
export const FLAGGED_JOIN_WIDTH = 4;

export const HANDOFF_LOOKS: Readonly<Record<Handoff, HandoffLook>> = {
  system: { name: 'system', width: 2 },
  manual: { name: 'manual', dash: '8 5', width: 2 },
  meeting: { name: 'meeting', dash: '2 5', width: 3 },
};
