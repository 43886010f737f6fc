import { useEffect } from 'react';

/**
 * What the browser prints in each page's header and footer (Chrome's "Headers and footers", on
 * by default) and names the saved PDF by: the document's title and the page's address. While the
 * plan is open the title is the plan's, so the board's PDF is "Redesign plan: …", not
 * "Stallmap"; and the address has no #fragment: the fragment holds the link's token, and the
 * footer printed it on every page, handing whoever holds the PDF the edit link. Not only around
 * printing: the browser reads the address for the footer before the page hears `beforeprint`.
 * Put back on closing (replaceState: no hashchange, so the map stays open, App.tsx); a reload
 * meanwhile opens the map with the token this browser keeps for it (MapPage.tsx, tokenFor).
 */
export function usePrintedHeader(title: string): void {
  useEffect(() => {
    const pageTitle = document.title;
    const fragment = location.hash;
    document.title = title;
    if (fragment) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return () => {
      document.title = pageTitle;
      if (fragment && !location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}${fragment}`);
    };
  }, [title]);
}
