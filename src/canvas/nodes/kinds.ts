import type { StepKind } from '../../core/model';

/** How each kind reads on the canvas and in the palette: a leader must tell AI from human across the room. */
export interface KindStyle {
  label: string;
  hint: string;
}

export const KIND_STYLES: Record<StepKind, KindStyle> = {
  start: { label: 'Start', hint: 'The trigger: where an item enters the workflow' },
  end: { label: 'End', hint: 'The outcome: where an item leaves the workflow' },
  human: { label: 'Human', hint: 'A person does the work' },
  ai: { label: 'AI', hint: 'A model does the work' },
  system: { label: 'System', hint: 'Ordinary software, no model' },
  approval: { label: 'Approval', hint: 'A person decides go / no-go' },
  verification: { label: 'Check', hint: 'A person or process checks another step’s output' },
  handoff: { label: 'Hand-off', hint: 'Only moves the item along: forwarding, re-keying, printing' },
};

/** Kinds whose outcome needs a named owner: every step but start and end (docs/rules/no-accountable-owner.md). */
export const OWNED_KINDS: ReadonlySet<StepKind> = new Set(['human', 'ai', 'system', 'approval', 'verification', 'handoff']);
