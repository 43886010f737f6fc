// `npm start`: serves the compiled server and app, building first only when the build is missing
// or older than the sources (bin/build-state.js), so a start on a current build costs one Node
// start and no build. Plain JavaScript: it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildState } from '../bin/build-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const state = buildState(root);
if (state !== 'current') {
  process.stderr.write(`stallmap: the build is ${state}: running npm run build first\n`);
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import('../dist-server/main.js');
