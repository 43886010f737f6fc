import { type ReactNode, useState } from 'react';
import type { Finding } from '../../core/analyzer';

/**
 * How many findings a list renders at first, and adds per "Show more". A 5,000-step map has
 * about 8,000 findings: rendered whole, a list of them took seconds to open and every drag frame
 * rendered them all again. The filters are the way to any one finding; the first page is the
 * most worth fixing.
 */
export const FINDINGS_PAGE = 100;

interface PagedFindingsProps {
  findings: readonly Finding[];
  /** Renders the findings listed so far. */
  children(listed: readonly Finding[]): ReactNode;
  /** Said after the count, where there is a way to a finding past the pages shown. */
  hint?: string;
}

/**
 * The first pages of a list of findings, the count, and a button for the next page. Give it a
 * new `key` to start again at the first page.
 */
export function PagedFindings({ findings, children, hint }: PagedFindingsProps) {
  const [limit, setLimit] = useState(FINDINGS_PAGE);
  const listed = findings.length > limit ? findings.slice(0, limit) : findings;
  return (
    <>
      {children(listed)}
      {listed.length < findings.length && (
        <p className="findings-more">
          {listed.length.toLocaleString('en')} of {findings.length.toLocaleString('en')} shown{hint ? `; ${hint}` : ''}.{' '}
          <button type="button" className="link-button" onClick={() => setLimit((n) => n + FINDINGS_PAGE)}>
            Show {Math.min(FINDINGS_PAGE, findings.length - listed.length)} more
          </button>
        </p>
      )}
    </>
  );
}
