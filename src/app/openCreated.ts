import type { CreatedMap } from './api';
import { rememberMap, tokenFromLink } from './links';

/** Remembers a map just created (its three links, in this browser) and opens its edit link. */
export function openCreatedMap(created: CreatedMap, title: string): void {
  const tokens = {
    edit: tokenFromLink(created.links.edit) ?? undefined,
    review: tokenFromLink(created.links.review) ?? undefined,
    view: tokenFromLink(created.links.view) ?? undefined,
  };
  rememberMap(created.id, { title, tokens });
  location.assign(created.links.edit.replace(/^https?:\/\/[^/]+/, ''));
}
