import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_NAMES } from '../../server/settings';
import { parseSyncUrl } from '../../server/sync/upgrade';

/**
 * Docker cannot run here, so the deployment files are checked for what `docker compose up` relies
 * on: compose.yaml starts Redis with AOF on a volume, two Stallmap servers pointed at it, and nginx
 * with deploy/nginx.conf, whose upstream names those servers on their port, hashes on the map id
 * read from the path, and passes WebSocket upgrades on.
 */
interface Service {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}

const readCompose = (path: string) => parse(readFileSync(path, 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const compose = readCompose('compose.yaml');
const nginx = readFileSync('deploy/nginx.conf', 'utf8').replace(/#.*$/gm, '');
const stallmaps = Object.entries(compose.services).filter(([, s]) => s.environment?.STALLMAP_REDIS_URL);

it('compose.yaml starts Redis with AOF on (written before it answers) on a volume and two servers pointed at it', () => {
  const redis = compose.services.redis;
  expect(redis.command?.join(' ')).toMatch(/--appendonly yes/);
  // Written before Redis answers: everysec can answer first while the disk is slow.
  expect(redis.command?.join(' ')).toMatch(/--appendfsync always/);
  const dir = redis.command?.[redis.command.indexOf('--dir') + 1];
  const [volume, mountedAt] = (redis.volumes?.[0] ?? '').split(':');
  expect(mountedAt).toBe(dir);
  expect(compose.volumes).toHaveProperty(volume);

  expect(stallmaps.length).toBe(2);
  for (const [name, service] of stallmaps) {
    expect(service.build, name).toBe('.');
    expect(new URL(service.environment?.STALLMAP_REDIS_URL ?? '').hostname, name).toBe('redis');
    // Only settings the server reads, so a typo cannot pass for one.
    for (const variable of Object.keys(service.environment ?? {})) expect(ENV_NAMES, `${name}: ${variable}`).toContain(variable);
  }
  expect(existsSync('Dockerfile')).toBe(true);
});

it('deploy/nginx.conf balances over exactly those servers, on their port', () => {
  const upstream = /upstream\s+(\S+)\s*\{([^}]*)\}/.exec(nginx);
  expect(upstream).not.toBeNull();
  const servers = [...(upstream?.[2] ?? '').matchAll(/^\s*server\s+([^\s;]+)/gm)].map((m) => m[1]).sort();
  expect(servers).toEqual(stallmaps.map(([name, s]) => `${name}:${s.environment?.PORT}`).sort());
  expect(nginx).toMatch(new RegExp(`proxy_pass\\s+http://${upstream?.[1]};`));

  const proxy = compose.services.nginx;
  const mount = proxy.volumes?.find((v) => v.startsWith('./deploy/nginx.conf:'));
  expect(mount).toBeDefined();
  const listen = /listen\s+(\d+);/.exec(nginx)?.[1];
  expect(proxy.ports?.some((p) => p.endsWith(`:${listen}`))).toBe(true);
});

it('hashes consistently on the map id, the same for a map\'s sync sockets and its API', () => {
  const hash = /hash\s+\$(\w+)\s+consistent;/.exec(nginx)?.[1];
  expect(hash).toBeDefined();
  const block = new RegExp(`map\\s+\\$uri\\s+\\$${hash}\\s*\\{([^}]*)\\}`).exec(nginx)?.[1] ?? '';
  const rules = [...block.matchAll(/^\s*~(\S+)\s+\$1;/gm)].map((m) => new RegExp(m[1]));
  expect(rules.length).toBeGreaterThan(0);
  const route = (path: string) => {
    for (const rule of rules) {
      const match = rule.exec(path);
      if (match) return match[1];
    }
    return path;
  };
  const id = 'Abc_123-xyz';
  for (const path of [`/sync/${id}`, `/sync/${id}/review`, `/api/maps/${id}`, `/api/maps/${id}/links`, `/api/maps/${id}/plan`]) expect(route(path), path).toBe(id);
  // The id nginx reads is the one the server reads.
  expect(parseSyncUrl(`/sync/${id}/review?token=t`)?.mapId).toBe(id);
  expect(route('/assets/app.js')).toBe('/assets/app.js');
});

it('passes WebSocket upgrades on', () => {
  expect(nginx).toMatch(/proxy_http_version\s+1\.1;/);
  expect(nginx).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
  const connection = /proxy_set_header\s+Connection\s+\$(\w+);/.exec(nginx)?.[1];
  expect(nginx).toMatch(new RegExp(`map\\s+\\$http_upgrade\\s+\\$${connection}\\s*\\{[^}]*default\\s+upgrade;`));
  expect(nginx).toMatch(/proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for;/);
});

it('deploy/compose.single.yaml still runs one server on LevelDB from the same Dockerfile', () => {
  const single = readCompose('deploy/compose.single.yaml');
  const [service] = Object.values(single.services);
  expect(existsSync(join(dirname('deploy/compose.single.yaml'), service.build ?? '', 'Dockerfile'))).toBe(true);
  expect(service.environment?.STALLMAP_REDIS_URL).toBeUndefined();
  expect(service.environment?.STALLMAP_DATA).toBe('/data');
});

it('the image carries Stallmap’s own licence beside the bundled packages’ licences', () => {
  const image = readFileSync('Dockerfile', 'utf8').split(/^FROM /m).at(-1) ?? '';
  expect(image).toMatch(/^COPY --from=build \/app\/LICENSE \.\/$/m);
  expect(image).toMatch(/^COPY --from=build \/app\/dist-server \.\/dist-server$/m);
});
