import type { SchemaError, StallMap } from '../core/model';
import type { Role } from '../store/sessionSlice';

export interface CreatedMap {
  id: string;
  links: Record<Role, string>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; message: string; errors?: SchemaError[] };

/** The server's small HTTP API; failures come back as messages, never as thrown errors. */
async function call<T>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  try {
    const response = await fetch(path, init);
    const body = await response.json().catch(() => null);
    if (response.ok) return { ok: true, value: body as T };
    return { ok: false, message: body?.message ?? body?.error ?? `${response.status} ${response.statusText}`, errors: body?.errors };
  } catch {
    return { ok: false, message: 'The server cannot be reached. Check the connection and try again.' };
  }
}

export function createMap(body: StallMap | { template: string } | Record<string, never>): Promise<ApiResult<CreatedMap>> {
  return call('/api/maps', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function fetchRole(mapId: string, token: string): Promise<ApiResult<{ role: Role }>> {
  return call(`/api/maps/${mapId}/role`, { headers: { authorization: `Bearer ${token}` } });
}
