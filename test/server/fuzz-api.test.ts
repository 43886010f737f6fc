import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';

/**
 * Garbage in, over HTTP: POST /api/maps with random JSON, mutated maps and things that are not
 * JSON at all. Every answer is 201 (a valid map, or {}), 400 with a message (and, for a map that
 * fails the schema, the paths), or 413; never a 500, never a crash. Seeded (FUZZ_SEED=n replays).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 11);
const LIMIT = 64 * 1024;
const fixture = JSON.parse(readFileSync('test/fixtures/contract-review.json', 'utf8')) as Record<string, unknown>;

/** Every path into the fixture (keys and indices), to change one place of a valid map at a time. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}
const PATHS = pathsOf(fixture).filter((path) => path.length > 0);

/** The fixture with the value at one path replaced (undefined: removed), or an unknown key added beside it. */
const mutatedMap = fc
  .tuple(fc.constantFrom(...PATHS), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)), fc.boolean())
  .map(([path, value, addKey]) => {
    const copy = structuredClone(fixture);
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (addKey && !Array.isArray(parent)) parent.colour = value ?? 'red';
    else if (value === undefined) delete parent[last];
    else parent[last] = value;
    return JSON.stringify(copy);
  });

const deep = (open: string, close: string) => fc.integer({ min: 100, max: 20_000 }).map((n) => open.repeat(n) + close.repeat(n));

const body = fc.oneof(
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 4, arbitrary: mutatedMap },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.nat().map((n) => JSON.stringify(fixture).slice(0, n % 2000)) },
  { weight: 1, arbitrary: fc.oneof(deep('[', ']'), deep('{"a":', '}'), deep('{"settings":', '}')) },
  { weight: 1, arbitrary: deep('[', ']').map((nested) => JSON.stringify(fixture).replace('"title"', `"deep":${nested},"title"`)) },
  // Rule options are the one place a map takes any JSON: valid at any depth, as far as the schema goes.
  { weight: 1, arbitrary: deep('[', ']').map((nested) => JSON.stringify({ ...fixture, settings: { rules: { 'override-rate': ['warning', { x: 0 }] } } }).replace('{"x":0}', `{"x":${nested}}`)) },
  { weight: 1, arbitrary: fc.constantFrom('{}', '{"template":"contract-review"}', '{"template":{"__proto__":1}}', '{"__proto__":{"steps":[]}}', 'null', '[]', '""', '1e999') },
  { weight: 1, arbitrary: fc.integer({ min: LIMIT + 1, max: 4 * LIMIT }).map((n) => `{"title":"${'x'.repeat(n)}"}`) },
);

let server: TestServer;
beforeAll(async () => {
  // Every valid body creates a map: the hourly allowances would stop the fuzz a few dozen maps in.
  server = await startTestServer({ maxBodyBytes: LIMIT, mapsPerHour: 100_000, addressMapsPerHour: 100_000 });
});
afterAll(() => server.close());

it('answers any POST /api/maps body with 201, 400 (with a message, and paths for a map) or 413, and any other type with 415, never 500', async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', ''), async (sent, type) => {
      const res = await fetch(`${server.url}/api/maps`, { method: 'POST', body: sent, headers: type ? { 'Content-Type': type } : {} });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.headers.get('content-type')).toContain('application/json');
      const answer = (await res.json()) as { error?: unknown; errors?: { path: unknown; message: unknown }[]; id?: unknown };
      // Not JSON: what another site's page may send; refused whatever the body (cross-site.ts).
      if (!type.startsWith('application/json')) return void expect([res.status, typeof answer.error]).toEqual([415, 'string']);
      expect([201, 400, 413]).toContain(res.status);
      if (res.status === 201) return void expect(typeof answer.id).toBe('string');
      expect(typeof answer.error).toBe('string');
      if (res.status === 400) {
        expect(answer.errors?.length).toBeGreaterThan(0);
        for (const error of answer.errors ?? []) expect([typeof error.path, typeof error.message]).toEqual(['string', 'string']);
      }
    }),
    { seed: SEED, numRuns: Number(process.env.FUZZ_RUNS ?? 1200) },
  );
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect(server.logs.filter((line) => line.includes('http.error'))).toEqual([]);
  // Each kind of answer was reached, so the fuzz is not stuck on one.
  expect([...statuses.keys()].sort()).toEqual([201, 400, 413, 415]);
});
