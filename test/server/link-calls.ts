import type { Role } from '../../server/maps/roles';

// The link routes of the API, as the tests call them: POST …/links/<role>, GET …/role, GET …/links.

/** What every route answers a wrong token, an unknown map and a replaced link alike. */
export const NOT_FOUND = { status: 404, body: { error: 'no such map, or not with this token' } };
export const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '');

/** POST …/links/<role>, answered as it is. */
export async function replace(url: string, id: string, role: string, token: string) {
  const res = await fetch(`${url}/api/maps/${id}/links/${role}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { links?: Record<Role, string>; error?: string } };
}

/** The tokens of a successful replacement's answer. */
export async function replaced(url: string, id: string, role: Role, token: string): Promise<Record<Role, string>> {
  const answer = await replace(url, id, role, token);
  if (answer.status !== 200 || !answer.body.links) throw new Error(`replacing the ${role} link answered ${answer.status}: ${answer.body.error}`);
  const { edit, review, view } = answer.body.links;
  return { edit: tokenOf(edit), review: tokenOf(review), view: tokenOf(view) };
}

/** The role a token opens the map with, or the refusal as answered. */
export async function roleOf(url: string, id: string, token: string) {
  const res = await fetch(`${url}/api/maps/${id}/role`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { role?: string; error?: string };
  return res.ok ? body.role : { status: res.status, body };
}

/** The three tokens GET …/links hands an edit token, or the refusal as answered. */
export async function handedOut(url: string, id: string, token: string) {
  const res = await fetch(`${url}/api/maps/${id}/links`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { links?: Record<Role, string>; error?: string };
  if (!body.links) return { status: res.status, body };
  return { edit: tokenOf(body.links.edit), review: tokenOf(body.links.review), view: tokenOf(body.links.view) };
}
