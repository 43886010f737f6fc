import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { rateLimitedLogger } from '../../server/log';
import { captureLogger, createMap, startTestServer, type TestServer, waitFor } from './helpers';
import { exited } from './spawn';

/**
 * Plain HTTP, no map link needed: slow headers and slow bodies must not take the server's file
 * descriptors or memory (health checks keep answering, the slow sockets are closed after the
 * timeouts), an answer given before a body is read closes the connection instead of reading
 * gigabytes, and floods of refused connections do not flood the log.
 */

/** An attacker's socket from `localAddress` (any 127.x is loopback on Linux): writes `first`, then `trickle` every 200 ms. */
function slowSocket(port: number, localAddress: string, first: string, trickle: string) {
  const socket = tcpConnect({ port, host: '127.0.0.1', localAddress });
  let answer = '';
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('connect', () => {
    socket.write(first);
    timer = setInterval(() => {
      if (socket.writable) socket.write(trickle);
    }, 200);
  });
  socket.on('data', (chunk) => {
    answer += chunk;
  });
  socket.on('error', () => undefined);
  socket.once('close', () => clearInterval(timer));
  return { socket, closed, answer: () => answer, isClosed: () => socket.destroyed };
}

/** Opens `count` slow sockets in batches of 20 (as connections pile up in a real attack), spread over `addresses`. */
async function attack(port: number, count: number, addresses: string[], first: string, trickle: string) {
  const attackers: ReturnType<typeof slowSocket>[] = [];
  const perAddress = Math.ceil(count / addresses.length);
  for (let i = 0; i < count; i += 1) {
    attackers.push(slowSocket(port, addresses[Math.floor(i / perAddress)], first, trickle));
    if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return attackers;
}

/** GET /healthz on a new connection each time (as a load balancer checks), from 127.0.0.1: the status, or the error. */
function health(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, localAddress: '127.0.0.1', timeout: 10_000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
  });
}

/** Checks health every 100 ms until `stop` resolves; the answers. */
async function probeUntil(port: number, stop: Promise<unknown>): Promise<(number | string)[]> {
  let done = false;
  const finish = () => {
    done = true;
  };
  stop.then(finish, finish);
  const answers: (number | string)[] = [];
  while (!done || answers.length < 5) {
    answers.push(await health(port));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return answers;
}

const ATTACKERS = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

describe('a server with 256 file descriptors, under slow-header and slow-body attacks', () => {
  let child: ChildProcess;
  let port = 0;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'stallmap-fd-'));

  beforeAll(async () => {
    // `ulimit -n` in a shell, then the real entry point: the attacks below need more sockets than it may open.
    child = spawn('sh', ['-c', 'ulimit -n 256 && exec "$0" --import tsx server/main.ts', process.execPath], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        STALLMAP_DATA: dataDir,
        STALLMAP_DEV: '',
        STALLMAP_MAX_CONNECTIONS: '120',
        STALLMAP_MAX_ADDRESS_HTTP_CONNECTIONS: '50',
        STALLMAP_HEADERS_TIMEOUT_MS: '1500',
        STALLMAP_REQUEST_TIMEOUT_MS: '3000',
        STALLMAP_MAX_UPLOADS: '6',
        STALLMAP_MAX_ADDRESS_UPLOADS: '4',
        STALLMAP_ADDRESS_MAPS_PER_HOUR: '10000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await waitFor(() => /server\.listening .*port=(\d+)/.test(output), 30_000, 'the server to listen');
    port = Number(/server\.listening .*port=(\d+)/.exec(output)?.[1]);
  });
  afterAll(async () => {
    child.kill('SIGTERM');
    await exited(child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps answering /healthz while 300 connections trickle their headers, and closes them after the headers timeout', async () => {
    const attackers = await attack(port, 300, ATTACKERS, 'GET / HTTP/1.1\r\nHost: x\r\n', 'X-Slow: yes\r\n');
    const allClosed = waitFor(() => attackers.every((a) => a.isClosed()), 30_000, 'every slow-header socket to be closed');
    const answers = await probeUntil(port, allClosed);
    await allClosed;
    expect(answers.filter((a) => a !== 200)).toEqual([]);
    // Both bounds were reached: one address's share, and the server's.
    expect(output).toMatch(/http\.limit .*limit=address-connections/);
    expect(output).toMatch(/http\.limit .*limit=server-connections/);
    // Some were not merely pushed out by newer ones but timed out: a 408 before the close.
    expect(attackers.some((a) => a.answer().startsWith('HTTP/1.1 408'))).toBe(true);
    expect(await health(port)).toBe(200);
  }, 60_000);

  it('keeps answering /healthz while 300 connections trickle 1 MiB bodies: a few are read at once, the rest refused at once', async () => {
    const head = 'POST /api/maps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{"title":"';
    const attackers = await attack(port, 300, ATTACKERS, head, 'xxxxxxxxxx');
    const allClosed = waitFor(() => attackers.every((a) => a.isClosed()), 30_000, 'every slow-body socket to be closed');
    const answers = await probeUntil(port, allClosed);
    await allClosed;
    expect(answers.filter((a) => a !== 200)).toEqual([]);
    const statuses = attackers.map((a) => /^HTTP\/1\.1 (\d+)/.exec(a.answer())?.[1] ?? 'none');
    const count = (status: string) => statuses.filter((s) => s === status).length;
    // Over one address's share of uploads: 429; over the server's: 503; both before reading the body. The few read: 408.
    expect(count('429')).toBeGreaterThan(0);
    expect(count('503')).toBeGreaterThan(0);
    expect(count('408')).toBeGreaterThan(0);
    // Nothing else: no body was taken whole (no 201 or 400). A socket closed without an answer was pushed out by newer ones.
    expect(statuses.filter((s) => !['429', '503', '408', 'none'].includes(s))).toEqual([]);
    expect(attackers.filter((a) => a.answer().startsWith('HTTP/1.1 4') && !a.answer().startsWith('HTTP/1.1 408')).every((a) => /connection: close/i.test(a.answer()))).toBe(true);
    expect(await health(port)).toBe(200);
  }, 60_000);
});

describe('answers given before the body is read', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /** Announces a 2 GiB body, sends 64 KiB of it, and waits for the server to answer and hang up. */
  async function hugeBody(requestLine: string, headers = '') {
    const { port } = new URL(server.url);
    const socket: Socket = tcpConnect({ port: Number(port), host: '127.0.0.1' });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', () => undefined);
    socket.write(`${requestLine} HTTP/1.1\r\nHost: x\r\nContent-Length: 2147483648\r\n${headers}\r\n`);
    socket.write(Buffer.alloc(64 * 1024, 'x'));
    await waitFor(() => answer.includes('\r\n\r\n'), 5000, `an answer to ${requestLine}`);
    await waitFor(() => socket.destroyed, 5000, `the server to close the connection after ${requestLine}`);
    return answer;
  }

  it.each([
    ['POST /', 405],
    ['PUT /api/maps', 405],
    ['POST /api/nothing', 404],
    ['GET /api/maps/AAAAAAAAAAAAAAAA', 401],
    ['POST /api/maps', 413],
  ])('%s answers %i and closes the connection instead of reading 2 GiB', async (requestLine, status) => {
    const answer = await hugeBody(requestLine, requestLine === 'POST /api/maps' ? 'Content-Type: application/json\r\n' : '');
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
  });
});

describe('a flood of garbage and wrong-token connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ logLinesPerReason: 5, logIntervalMs: 60_000 });
  });
  afterAll(() => server.close());

  it('logs the first few lines of each reason, not three lines per connection', async () => {
    const map = await createMap(server.url, {});
    const before = server.logs.length;
    for (let batch = 0; batch < 8; batch += 1) {
      const sockets = Array.from({ length: 10 }, (_, i) => {
        const wrong = i % 2 === 0;
        const ws = new WebSocket(`${server.syncUrl}/${map.id}?token=${wrong ? 'wrong' : map.tokens.view}`);
        ws.on('error', () => undefined);
        // Text is not the protocol: closed 1003 (conn.open, conn.malformed, conn.close).
        if (!wrong) ws.once('open', () => ws.send('garbage'));
        return new Promise<void>((resolve) => ws.once('close', () => resolve()));
      });
      await Promise.all(sockets);
    }
    const flood = server.logs.slice(before);
    // 80 connections: 40 refused (conn.refused), 40 malformed (conn.open, conn.malformed, conn.close): 160 lines unlimited.
    for (const event of ['conn.refused', 'conn.open', 'conn.malformed', 'conn.close']) {
      const lines = flood.filter((line) => line.includes(` ${event} `)).length;
      expect([lines > 0, lines <= 5], event).toEqual([true, true]);
    }
    expect(flood.length).toBeLessThanOrEqual(40);
  });

  it('says how many lines of a reason it left out once the interval is over, and starts counting again', async () => {
    const sink = captureLogger();
    const log = rateLimitedLogger(sink, { logLinesPerReason: 3, logIntervalMs: 300 });
    for (let i = 0; i < 50; i += 1) log.warn('conn.refused', { reason: 'denied', addr: '127.0.0.9' });
    log.warn('conn.refused', { reason: 'address-limit' }); // another reason: counted on its own
    expect(sink.lines.length).toBe(4);
    await waitFor(() => sink.lines.some((line) => line.includes('log.suppressed')), 5000, 'the summary line');
    expect(sink.lines.filter((line) => line.includes('log.suppressed'))).toEqual([expect.stringMatching(/ warn log\.suppressed event=conn\.refused suppressed=47\b/)]);
    log.warn('conn.refused', { reason: 'denied' });
    expect(sink.lines.at(-1)).toMatch(/ warn conn\.refused reason=denied$/);
  });
});
