import type { Role } from '../store/sessionSlice';
import { hashWithParam } from './hash-params';

/**
 * The maps this browser has links for. The server never lists maps (a map can't be found
 * without its token), so the home page remembers them here.
 */
export interface KnownMap {
  id: string;
  title: string;
  /** Tokens this browser holds, by role: a creator holds all three, a guest the one they were sent. */
  tokens: Partial<Record<Role, string>>;
  openedAt: string;
}

const KEY = 'stallmap:maps';

export function knownMaps(): KnownMap[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter(isKnownMap).sort((a, b) => b.openedAt.localeCompare(a.openedAt)) : [];
  } catch {
    return [];
  }
}

export function rememberMap(id: string, patch: { title?: string; tokens?: KnownMap['tokens'] }): void {
  const list = knownMaps();
  const prior = list.find((m) => m.id === id);
  const next: KnownMap = {
    id,
    title: patch.title ?? prior?.title ?? 'Untitled map',
    tokens: { ...prior?.tokens, ...patch.tokens },
    openedAt: new Date().toISOString(),
  };
  localStorage.setItem(KEY, JSON.stringify([next, ...list.filter((m) => m.id !== id)]));
}

export function forgetMap(id: string): void {
  localStorage.setItem(KEY, JSON.stringify(knownMaps().filter((m) => m.id !== id)));
}

/** Puts back a map just forgotten, as it was: its tokens, and its place in the list (by when it was opened). */
export function restoreMap(map: KnownMap): void {
  localStorage.setItem(KEY, JSON.stringify([map, ...knownMaps().filter((m) => m.id !== map.id)]));
}

/** The strongest token this browser has for a map: edit, then review, then view. */
export function bestToken(map: KnownMap): { role: Role; token: string } | null {
  for (const role of ['edit', 'review', 'view'] as const) {
    const token = map.tokens[role];
    if (token) return { role, token };
  }
  return null;
}

/** A link to a map; on `origin` when the server named one (PUBLIC_URL, a LAN address for localhost), else this page's. */
export function linkFor(id: string, token: string, origin: string | null = null): string {
  return `${origin ?? location.origin}/m/${id}#token=${token}`;
}

/**
 * This page's address opens the map with `token` from now on (the page replaced its own link):
 * replaceState, so no reload, no history entry holding the old link, and no `hashchange` (which
 * would open the map afresh, App.tsx).
 */
export function showTokenInAddress(token: string): void {
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hashWithParam(location.hash, 'token', token)}`);
}

/** The token in this page's address (`#token=…`, among other parameters), if any. */
export function tokenInAddress(): string | null {
  return /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash)?.[1] ?? null;
}

export function tokenFromLink(link: string): string | null {
  return /#token=([A-Za-z0-9_-]+)/.exec(link)?.[1] ?? null;
}

/** The three tokens of links the server answered with, or null if any cannot be read. */
export function tokensOfLinks(links: Record<Role, string>): Record<Role, string> | null {
  const tokens = { edit: tokenFromLink(links.edit), review: tokenFromLink(links.review), view: tokenFromLink(links.view) };
  return tokens.edit && tokens.review && tokens.view ? (tokens as Record<Role, string>) : null;
}

function isKnownMap(value: unknown): value is KnownMap {
  const m = value as KnownMap;
  return typeof m?.id === 'string' && typeof m.title === 'string' && typeof m.tokens === 'object' && m.tokens !== null && typeof m.openedAt === 'string';
}
