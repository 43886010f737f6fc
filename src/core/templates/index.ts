import type { StallMap } from '../model';
import { contractReview } from './contract-review';
import { invoiceProcessing } from './invoice-processing';

export interface Template {
  name: string;
  title: string;
  summary: string;
  map: StallMap;
}

/** Starting maps that show the problem: an AI step that got fast while the work around it did not. */
export const templates: readonly Template[] = [
  {
    name: 'contract-review',
    title: contractReview.title,
    summary: 'An AI summary still emailed to a paralegal who re-reads every contract, then a weekly committee.',
    map: contractReview,
  },
  {
    name: 'invoice-processing',
    title: invoiceProcessing.title,
    summary: 'AI extraction, then re-keying into the ERP, a full check, three sign-offs and a weekly meeting.',
    map: invoiceProcessing,
  },
];

export function findTemplate(name: string): Template | undefined {
  return templates.find((t) => t.name === name);
}
