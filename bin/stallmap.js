#!/usr/bin/env node
// The `stallmap` command. It runs the compiled CLI (dist-server/cli.js, written by `npm run build`)
// with Node alone. In a checkout whose build is missing or older than the sources, it runs the
// TypeScript through tsx instead (a dev dependency), so a command never runs stale code.
import { fileURLToPath } from 'node:url';
import { buildState, isSourceCheckout } from './build-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let cli;
if (buildState(root) === 'current') {
  cli = await import('../dist-server/cli.js');
} else if (isSourceCheckout(root)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../server/cli/main.ts');
} else {
  process.stderr.write('stallmap: this install has no dist-server/: the package was published without its build (npm run build)\n');
  process.exit(3);
}
process.exitCode = await cli.main(process.argv.slice(2));
