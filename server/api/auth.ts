import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../http/respond';
import type { MapAccess } from '../maps/access';
import type { Role } from '../maps/roles';

/** The token of `Authorization: Bearer <token>`, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The caller's role on a map, or an answer already sent: 401 without a token, 404 for a wrong
 * token and for an unknown map alike, so ids cannot be probed.
 */
export async function authorize(req: IncomingMessage, res: ServerResponse, access: MapAccess, mapId: string): Promise<Role | undefined> {
  const token = bearerToken(req);
  if (!token) {
    requireToken(res);
    return undefined;
  }
  const role = await access.roleOf(mapId, token);
  if (!role) refuseToken(res);
  return role;
}

/** The answer to a request without a token. */
export function requireToken(res: ServerResponse): void {
  sendError(res, 401, 'a token is required: Authorization: Bearer <token from the link>', {});
}

/** The one answer for an unknown map and a wrong token, whatever the route. */
export function refuseToken(res: ServerResponse): void {
  sendError(res, 404, 'no such map, or not with this token');
}
