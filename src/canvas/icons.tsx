import type { Handoff, StepKind } from '../core/model';

/** Small line icons, drawn inline so nothing is fetched and every machine renders them alike. */
const PATHS: Record<StepKind | Handoff | 'clock' | 'owner' | ToolIcon, string> = {
  start: 'M5 3.5v9l7.5-4.5z',
  end: 'M4 14V2.5h8l-2 3 2 3H4',
  human: 'M8 7.5a2.75 2.75 0 1 0 0-5.5 2.75 2.75 0 0 0 0 5.5zM3 14c0-2.9 2.2-4.5 5-4.5s5 1.6 5 4.5',
  ai: 'M8 1.5l1.5 4 4 1.5-4 1.5-1.5 4-1.5-4-4-1.5 4-1.5zM13 11l.6 1.4 1.4.6-1.4.6L13 15l-.6-1.4-1.4-.6 1.4-.6z',
  system: 'M2.5 3.5h11v7h-11zM6 13.5h4M8 10.5v3',
  approval: 'M8 1.5l5.5 2.2v3.8c0 3.2-2.3 5.8-5.5 7-3.2-1.2-5.5-3.8-5.5-7V3.7zM5.5 8l1.8 1.8L10.8 6',
  verification: 'M7 2.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9zM10.3 10.3L14 14',
  handoff: 'M2 4h12v8.5H2zM2 4l6 5 6-5',
  manual: 'M2 4h12v8.5H2zM2 4l6 5 6-5',
  meeting: 'M2.5 3.5h11v10h-11zM2.5 6.5h11M5.5 2v3M10.5 2v3',
  clock: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 4.5V8l2.5 1.5',
  owner: 'M8 7.5a2.75 2.75 0 1 0 0-5.5 2.75 2.75 0 0 0 0 5.5zM3 14c0-2.9 2.2-4.5 5-4.5s5 1.6 5 4.5',
  // The toolbar's tools, shown alone where the bar is short of room (ToolLabel.tsx).
  undo: 'M5.5 3L2.5 6l3 3M3 6h6.5a3.5 3.5 0 0 1 0 7H7',
  redo: 'M10.5 3l3 3-3 3M13 6H6.5a3.5 3.5 0 0 0 0 7H9',
  layout: 'M1.5 6h3.5v4H1.5zM11 2h3.5v4H11zM11 10h3.5v4H11zM5 8h3M8 4v8M8 4h3M8 12h3',
  fit: 'M2 5.5V2h3.5M10.5 2H14v3.5M14 10.5V14h-3.5M5.5 14H2v-3.5M5.5 6h5v4h-5z',
  export: 'M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 11v2.5h11V11',
  import: 'M8 10.5v-8M4.5 6L8 2.5 11.5 6M2.5 11v2.5h11V11',
};

export type ToolIcon = 'undo' | 'redo' | 'layout' | 'fit' | 'export' | 'import';

export function Icon({ name, size = 14, title }: { name: keyof typeof PATHS; size?: number; title?: string }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden={title ? undefined : true} role={title ? 'img' : undefined}>
      {title ? <title>{title}</title> : null}
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The system handoff gets a bolt: no person touches the item. */
export function BoltIcon({ size = 14 }: { size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden>
      <path d="M9 1.5L3.5 9H8l-1 5.5L12.5 7H8z" fill="currentColor" />
    </svg>
  );
}
