import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../server/cli/main';
import { runBin } from './bin';

const stallmap = (...args: string[]) => runBin(args);
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe.concurrent('stallmap --version', () => {
  it.each([['--version'], ['-v']])('%s prints the package version alone and exits 0', async (flag) => {
    const { status, stdout, stderr } = await stallmap(flag);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it('is listed in --help', async () => {
    expect((await stallmap('--help')).stdout).toContain('  stallmap --version\n');
  });
});

describe.concurrent('stallmap COMMAND --help', () => {
  it.each(commands.map((command) => [command.name]))('%s --help lists its flags, as stallmap --help does', async (name) => {
    const command = commands.find((c) => c.name === name);
    const { status, stdout, stderr } = await stallmap(name, '--help');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.startsWith(`Usage: ${command?.usage}\n${command?.summary}\n`)).toBe(true);
    const lines = stdout.split('\n');
    for (const [flag, spec] of Object.entries(command?.flags ?? {})) {
      const line = lines.find((text) => text.startsWith(`  --${flag} ${spec.value} `));
      expect(line, `--${flag}`).toBeDefined();
      expect(line?.endsWith(`  ${spec.description}`), line).toBe(true);
    }
  });

  it('serve --help names the port, host and data defaults a person needs before starting it', async () => {
    const { stdout } = await stallmap('serve', '-h');
    expect(stdout).toContain('--port N     the port to listen on (default: $PORT, else 8080; 0 picks a free one)');
    expect(stdout).toContain('--data DATA  the data directory (default: $STALLMAP_DATA, else ./data)');
  });
});
