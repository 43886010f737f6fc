import type { StepKind } from '../../core/model';

/** How each kind reads on the canvas and in the palette: a leader must tell AI from human across the room. */
export interface KindStyle {
  label: string;
  /** The article before the label, as it is said: "an AI step", "an End step", "a Check step". */
  article: 'a' | 'an';
  hint: string;
}

export const KIND_STYLES: Record<StepKind, KindStyle> = {
  start: { label: 'Start', article: 'a', hint: 'The trigger: where an item enters the workflow' },
  end: { label: 'End', article: 'an', hint: 'The outcome: where an item leaves the workflow' },
  human: { label: 'Human', article: 'a', hint: 'A person does the work' },
  ai: { label: 'AI', article: 'an', hint: 'A model does the work' },
  system: { label: 'System', article: 'a', hint: 'Ordinary software, no model' },
  approval: { label: 'Approval', article: 'an', hint: 'A person decides go / no-go' },
  verification: { label: 'Check', article: 'a', hint: 'A person or process checks another step’s output' },
  handoff: { label: 'Hand-off', article: 'a', hint: 'Only moves the item along: forwarding, re-keying, printing' },
};

/** Kinds whose outcome needs a named owner: every step but start and end (docs/rules/no-accountable-owner.md). */
export const OWNED_KINDS: ReadonlySet<StepKind> = new Set(['human', 'ai', 'system', 'approval', 'verification', 'handoff']);
