import type { SchemaError, StallMap } from '../core/model';
import type { MapLimits, Role } from '../store/sessionSlice';
import { storedCreateToken } from './create-token';

export interface CreatedMap {
  id: string;
  links: Record<Role, string>;
}

/** A failure's `code`, when the server gives one, says what to do about it (e.g. ask for the create token). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; message: string; errors?: SchemaError[]; code?: string };

/** The server's small HTTP API; failures come back as messages, never as thrown errors. */
async function call<T>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  try {
    const response = await fetch(path, init);
    const body = await response.json().catch(() => null);
    if (response.ok) return { ok: true, value: body as T };
    const code = typeof body?.code === 'string' ? body.code : undefined;
    return { ok: false, message: body?.message ?? body?.error ?? `${response.status} ${response.statusText}`, errors: body?.errors, code };
  } catch {
    return { ok: false, message: 'The server cannot be reached. Check the connection and try again.' };
  }
}

/** JSON, as the server requires of a new map (a type other sites' pages cannot send without asking); with the create token if this browser has one. */
export function createMap(body: StallMap | { template: string } | Record<string, never>): Promise<ApiResult<CreatedMap>> {
  const token = storedCreateToken();
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return call('/api/maps', { method: 'POST', headers, body: JSON.stringify(body) });
}

/**
 * `linkOrigin`: where links to the map should point (the server's PUBLIC_URL, or an address the
 * room can open); `limits`: the largest map the server takes, today's state and the redesign together.
 */
export function fetchRole(mapId: string, token: string): Promise<ApiResult<{ role: Role; linkOrigin?: string; limits?: MapLimits }>> {
  return call(`/api/maps/${mapId}/role`, { headers: { authorization: `Bearer ${token}` } });
}

/** The map's three links, for its edit token only (any editor may hand out the review and view links). */
export function fetchLinks(mapId: string, editToken: string): Promise<ApiResult<{ links: Record<Role, string> }>> {
  return call(`/api/maps/${mapId}/links`, { headers: { authorization: `Bearer ${editToken}` } });
}

/**
 * Replaces one of the map's links (edit token only): the old one stops opening the map at once,
 * for everyone on it. The answer holds all three links, the new one among them.
 */
export function replaceLink(mapId: string, editToken: string, role: Role): Promise<ApiResult<{ links: Record<Role, string> }>> {
  return call(`/api/maps/${mapId}/links/${role}`, { method: 'POST', headers: { authorization: `Bearer ${editToken}` } });
}
