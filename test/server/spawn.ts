import { type ChildProcess, spawn } from 'node:child_process';

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/**
 * The real entry point (`server/main.ts`, as `npm start` runs it) in its own process, so it can
 * be killed with SIGKILL mid-flight. Resolves once it listens; rejects if it exits first.
 */
export function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', STALLMAP_DATA: dataDir, STALLMAP_DEV: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
  };
  child.stderr?.on('data', collect);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      collect(chunk);
      const port = /server\.listening .*port=(\d+)/.exec(out)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}`, port: Number(port), output: () => out });
    });
    child.once('exit', (code) => reject(Object.assign(new Error(`server exited (${code}) before listening: ${out}`), { code, output: out })));
  });
}

/** Resolves with the exit code (or signal) once the process has ended. */
export const exited = (child: ChildProcess) =>
  new Promise<number | string | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode);
    else child.once('exit', (code, signal) => resolve(code ?? signal));
  });
