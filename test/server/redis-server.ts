import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Debian's redis-server (.ci/run installs it): the tests run against the real thing, never a mock. */
export const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  url: string;
  port: number;
  /** Where its AOF lives: kept across kill and start, removed by stop. */
  dir: string;
  /** A plain client for the test's own checks (reconnects on its own after a restart). */
  client(): Redis;
  /** kill -9: no shutdown, no last save; whatever the AOF holds is what a restart finds. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (after kill), resolving once it accepts connections; `appendonly: false` restarts it without its AOF, as an operator's slip would. */
  start(options?: { appendonly?: boolean }): Promise<void>;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real redis-server on a free loopback port, persistence on as compose.yaml ships it (AOF,
 * `appendfsync always`, no RDB snapshots), its data in a temp directory. `appendonly: false`
 * gives one without persistence (what the server must refuse); `appendfsync` another way of
 * writing the AOF (`everysec`, which the server warns about).
 */
export async function startRedis(options: { appendonly?: boolean; appendfsync?: 'always' | 'everysec' | 'no' } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'stallmap-redis-'));
  const clients: Redis[] = [];
  let child: ChildProcess | undefined;
  const launch = (restart: { appendonly?: boolean } = {}) =>
    new Promise<void>((resolve, reject) => {
      const appendonly = restart.appendonly ?? options.appendonly;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', appendonly === false ? 'no' : 'yes', '--appendfsync', options.appendfsync ?? 'always', '--save', '', '--daemonize', 'no'];
      const process = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = process;
      // A test that times out never reaches its cleanup: the redis-server goes with the test process all the same.
      const orphan = () => process.kill('SIGKILL');
      globalThis.process.once('exit', orphan);
      process.once('exit', () => globalThis.process.off('exit', orphan));
      let out = '';
      process.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      process.stderr?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      process.once('error', reject);
      process.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${out}`)));
    });
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await launch();
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    port,
    dir,
    client() {
      const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
      client.on('error', () => undefined);
      clients.push(client);
      return client;
    },
    kill,
    start: launch,
    async stop() {
      for (const client of clients.splice(0)) client.disconnect();
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
