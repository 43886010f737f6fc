import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMap } from '../../src/core/model';
import { findTemplate } from '../../src/core/templates';
import { lanAddresses } from '../../server/lan-addresses';
import { createMap, getMap, startTestServer, type TestServer } from './helpers';

const fixture = JSON.parse(readFileSync('test/fixtures/contract-review.json', 'utf8'));
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Maps compare equal whatever the order of their lists. */
function normalised(map: Record<string, unknown>) {
  const list = (key: string) => [...((map[key] as { id: string }[]) ?? [])];
  return { ...map, steps: list('steps').sort(byId), joins: list('joins').sort(byId), comments: list('comments').sort(byId) };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => server.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/maps`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

describe('POST /api/maps', () => {
  it("imports a map and GET returns it (equal to the input, order aside, under the server's new id)", async () => {
    const created = await createMap(server.url, fixture);
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    for (const role of ['edit', 'review', 'view'] as const) {
      // The server listens on every interface and was asked on 127.0.0.1, so the links name this machine's LAN address when it has one (public-url.ts).
      const origin = lanAddresses().length ? `http://${lanAddresses()[0]}:${server.server.port}` : server.url;
      expect(created.links[role]).toMatch(new RegExp(`^${origin.replace(/\./g, '\\.')}/m/${created.id}#token=[A-Za-z0-9_-]{32}$`));
    }
    expect(new Set(Object.values(created.tokens)).size).toBe(3);
    const expected = parseMap(fixture);
    if (!expected.ok) throw new Error('fixture is not a valid map');
    for (const token of Object.values(created.tokens)) {
      const { status, body } = await getMap(server.url, created.id, token);
      expect(status).toBe(200);
      expect(normalised(body)).toEqual(normalised({ ...expected.map, id: created.id } as unknown as Record<string, unknown>));
    }
  });

  it('answers 400 naming the paths of every error', async () => {
    const broken = structuredClone(fixture);
    broken.steps[1].overrideRate = 7;
    broken.steps[2].colour = 'red';
    broken.joins[0].to = 'nowhere';
    const res = await post(JSON.stringify(broken));
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['steps[1].overrideRate', 'steps[2]', 'joins[0].to']));
    expect(errors.find((e) => e.path === 'steps[2]')?.message).toContain('colour');
  });

  it('starts from a template, and lists the templates for an unknown one', async () => {
    const created = await createMap(server.url, { template: 'invoice-processing' });
    const { body } = await getMap(server.url, created.id, created.tokens.edit);
    expect(normalised(body)).toEqual(normalised({ ...findTemplate('invoice-processing')?.map, id: created.id } as unknown as Record<string, unknown>));
    const res = await post(JSON.stringify({ template: 'nope' }));
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { errors: { path: string }[]; templates: string[] };
    expect(answer.errors[0].path).toBe('template');
    expect(answer.templates).toContain('contract-review');
  });

  it('starts an empty map from {}', async () => {
    const created = await createMap(server.url, {});
    const { body } = await getMap(server.url, created.id, created.tokens.view);
    expect(body).toMatchObject({ format: 'stallmap/map', version: 2, id: created.id, title: 'Untitled map', steps: [], joins: [] });
  });

  it('answers bad bodies with 400 or 413, never 500', async () => {
    expect((await post('{"title": ')).status).toBe(400);
    const broken = await post('{\n  "title": "A"\n  "steps": []\n}');
    expect([broken.status, ((await broken.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/^invalid JSON: .* \(line 3, column 3\)$/)]);
    expect((await post('')).status).toBe(400);
    expect((await post('[1, 2]')).status).toBe(400);
    expect((await post('null')).status).toBe(400);
    const big = await post(JSON.stringify({ ...fixture, description: 'x'.repeat(100 * 1024) }));
    expect(big.status).toBe(413);
    // Said as a person importing a file meets it, not as "the body is larger than 65536 bytes".
    expect(((await big.json()) as { error: string }).error).toBe('the map file is too large to import: this server takes files of at most 65536 bytes');
    const deep = await post(`${'['.repeat(40)}${']'.repeat(40)}`);
    expect([deep.status, ((await deep.json()) as { error: string }).error]).toEqual([400, 'the JSON nests deeper than 32 levels']);
    // One log line per limit, naming it.
    for (const limit of ['bytes', 'depth']) expect(server.logs.some((l) => l.includes('http.limit') && l.includes(`limit=${limit}`))).toBe(true);
  });
});

describe('GET /api/maps/<id>', () => {
  it('wants a token (401), and answers 404 alike for a wrong token and an unknown map', async () => {
    const created = await createMap(server.url, {});
    const other = await createMap(server.url, {});
    const noToken = await fetch(`${server.url}/api/maps/${created.id}`);
    expect(noToken.status).toBe(401);
    const wrong = await getMap(server.url, created.id, 'wrong');
    const crossed = await getMap(server.url, created.id, other.tokens.edit);
    const unknown = await getMap(server.url, 'AAAAAAAAAAAAAAAA', created.tokens.edit);
    expect([wrong.status, crossed.status, unknown.status]).toEqual([404, 404, 404]);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('tells the page its role', async () => {
    const created = await createMap(server.url, {});
    const role = async (token: string) =>
      (await fetch(`${server.url}/api/maps/${created.id}/role`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const linkOrigin = new URL(created.links.edit).origin;
    const limits = { steps: 10_000, joins: 20_000, docBytes: 16 * 1024 * 1024, messageBytes: 1024 * 1024, bytesPerSecond: 256 * 1024 };
    expect(await role(created.tokens.edit)).toEqual({ role: 'edit', canWrite: { map: true, review: true }, linkOrigin, limits });
    expect(await role(created.tokens.review)).toEqual({ role: 'review', canWrite: { map: false, review: true }, linkOrigin, limits });
    expect(await role(created.tokens.view)).toEqual({ role: 'view', canWrite: { map: false, review: false }, linkOrigin, limits });
  });
});

describe('GET /api/maps/<id>/analysis', () => {
  it("analyzes the server's copy, with the same token rules", async () => {
    const created = await createMap(server.url, fixture);
    const get = (token?: string) =>
      fetch(`${server.url}/api/maps/${created.id}/analysis`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    expect((await get()).status).toBe(401);
    expect((await get('wrong')).status).toBe(404);
    const res = await get(created.tokens.view);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { findings: { rule: string; targets: string[] }[]; metrics: unknown; scores: unknown; triage: unknown };
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['findings', 'metrics', 'scores', 'triage']));
    expect(body.findings.some((f) => f.rule === 'verification-exceeds-work' && f.targets[0] === 'chk')).toBe(true);
  });
});

describe('GET /api/maps/<id>/plan', () => {
  it("writes the redesign plan of the server's copy as Markdown, with the same token rules", async () => {
    const created = await createMap(server.url, fixture);
    const createdElsewhere = await createMap(server.url, {});
    const get = (token?: string) => fetch(`${server.url}/api/maps/${created.id}/plan`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    expect((await get()).status).toBe(401);
    expect((await get(createdElsewhere.tokens.edit)).status).toBe(404);
    const res = await get(created.tokens.review);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/markdown');
    const plan = await res.text();
    expect(plan).toMatch(/^# Redesign plan: Contract review with AI summaries/);
    expect(plan).toContain('The rollout is stalled because');
    expect(plan).toContain('```mermaid');
  });
});

describe('other routes', () => {
  it('answers /healthz, a JSON 404 for unknown API routes and 405 for a wrong method', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    const unknown = await fetch(`${server.url}/api/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/json');
    const wrongMethod = await fetch(`${server.url}/api/maps`);
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST']);
    // HEAD is answered wherever GET is, so Allow names it too.
    for (const path of ['/api/maps/AAAAAAAAAAAAAAAA', '/api/maps/AAAAAAAAAAAAAAAA/plan', '/healthz']) {
      const posted = await fetch(`${server.url}${path}`, { method: 'POST' });
      expect([posted.status, posted.headers.get('allow')], path).toEqual([405, 'GET, HEAD']);
    }
  });

  it('never logs a token', async () => {
    const created = await createMap(server.url, {});
    await getMap(server.url, created.id, created.tokens.edit);
    for (const token of Object.values(created.tokens)) expect(server.logs.join('\n')).not.toContain(token);
  });
});
