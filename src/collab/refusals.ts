/**
 * What the page tells a person when the sync server closes the connection. The codes are the
 * server's (server/sync/close-codes.ts); the stock provider stops on 4400–4499 and retries the rest.
 */
export interface Refusal {
  message: string;
  /** The page holds an edit the server will never take: only discarding it can end the loop. */
  discardable: boolean;
  /** The provider has stopped; without action the page stays offline. */
  final: boolean;
  /**
   * Said until the server has confirmed the page's changes, not merely until the next sync: a
   * server whose storage refuses writes takes the connection, then closes it again at the write.
   */
  untilSaved?: boolean;
  /** The page's own link was replaced: said until the page goes on with the new one (Share, on the page that replaced it). */
  linkReplaced?: boolean;
}

/**
 * The server's 4410 names the link (`the review link was replaced`). Whoever holds an edit link
 * is on the team that replaced it, and asks them; the others ask whoever sent theirs.
 */
function replacedMessage(reason: string): string {
  const link = /^the (edit|review|view) link was replaced$/.exec(reason)?.[1];
  if (link === 'edit') {
    return 'This edit link was replaced by someone on the team, so it no longer opens the map. Ask your team for the new edit link; changes this page had not saved stay in this browser and are sent when you open it.';
  }
  return `This ${link ? `${link} ` : ''}link was replaced, so it no longer opens the map. Ask whoever sent it to you for the new one.`;
}

/**
 * @param sentChange for a 1009 (a message over the server's limit, which does not say whose):
 * whether the message was a change of this page's (sent-sizes.ts). Only then is it "your change";
 * otherwise it was presence, and discarding the page's edits would lose them for nothing.
 */
export function refusalFor(code: number, reason: string, sentChange: boolean): Refusal | null {
  switch (code) {
    case 4400:
      return { message: `The server refused your name: ${reason || 'it is too long'}. Choose a shorter one and open the link again.`, discardable: false, final: true };
    case 4401:
    case 4403:
      return { message: 'This link is not valid: the map does not exist, or the link was revoked.', discardable: false, final: true };
    case 4410:
      return { message: replacedMessage(reason), discardable: false, final: true, linkReplaced: true };
    case 1009:
      if (!sentChange) return { message: 'The server refused a message of this page as too large. Retrying…', discardable: false, final: false };
      return refusalFor(4413, reason, true);
    case 4409:
      return {
        message: "Your unsaved comments, waivers or scores in this browser cannot be saved: someone else now writes under the identity they were made with (this browser's key for the map was lost).",
        discardable: true,
        final: true,
      };
    case 4413:
      return {
        message: `Your last change was not saved: it would make the map larger than this server allows${reason ? ` (${reason})` : ''}.`,
        discardable: true,
        final: true,
      };
    case 1011:
      // The server closes a room's connections when its storage fails a write (or cannot load the room): the stock provider reconnects and resends.
      return {
        message: `The server cannot save changes right now${reason === 'storage error' ? ' (its storage is failing)' : ''}. Your changes stay in this browser and are sent again when it can. Retrying…`,
        discardable: false,
        final: false,
        untilSaved: true,
      };
    case 4501:
      return { message: 'The map is full (too many people on it). Retrying…', discardable: false, final: false };
    case 4502:
      return { message: 'Too many connections from this network. Retrying…', discardable: false, final: false };
    case 4503:
      return { message: 'The server is busy. Retrying…', discardable: false, final: false };
    case 4529:
      return { message: 'Too many changes too fast; slowing down. Retrying…', discardable: false, final: false };
    default:
      return null;
  }
}
