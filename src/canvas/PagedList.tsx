import { type ReactNode, useState } from 'react';

/**
 * How many entries a long list (findings, a comparison's changes) renders at first, and adds per
 * "Show more". A 5,000-step map has about 8,000 findings: rendered whole, a list of them took
 * seconds to open and every drag frame rendered them all again. The first page holds what is most
 * worth reading; filters, or the canvas, lead to any one entry.
 */
export const LIST_PAGE = 100;

interface PagedListProps<T> {
  items: readonly T[];
  /** Renders the entries listed so far. */
  children(listed: readonly T[]): ReactNode;
  /** Said after the count, where there is a way to an entry past the pages shown. */
  hint?: string;
  /** The index of an entry that must be listed, pages added as needed (the review walk's, past the first page). */
  reveal?: number;
}

/**
 * The first pages of a list, the count, and a button for the next page. Give it a new `key` to
 * start again at the first page.
 */
export function PagedList<T>({ items, children, hint, reveal = -1 }: PagedListProps<T>) {
  const [limit, setLimit] = useState(LIST_PAGE);
  // Whole pages, as "Show more" adds them; kept once shown, so the list does not shrink as the walk goes back.
  if (reveal >= limit) setLimit(Math.ceil((reveal + 1) / LIST_PAGE) * LIST_PAGE);
  const listed = items.length > limit ? items.slice(0, limit) : items;
  return (
    <>
      {children(listed)}
      {listed.length < items.length && (
        <p className="list-more">
          {listed.length.toLocaleString('en')} of {items.length.toLocaleString('en')} shown{hint ? `; ${hint}` : ''}.{' '}
          <button type="button" className="link-button" onClick={() => setLimit((n) => n + LIST_PAGE)}>
            Show {Math.min(LIST_PAGE, items.length - listed.length)} more
          </button>
        </p>
      )}
    </>
  );
}
