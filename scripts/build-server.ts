/**
 * Compiles the server and the CLI to plain JavaScript in `dist-server/` (`npm run build` runs it),
 * so an install without dev dependencies runs them with Node alone: no tsx, no TypeScript at run
 * time. esbuild bundles our own modules (server/, src/core, src/collab) into ES modules and
 * leaves every package import (the dependencies in package.json) and Node's built-ins as imports,
 * resolved from node_modules as usual. Both entry points sit directly in `dist-server/`, like
 * the files in `server/`, so `../dist` (the app) is found the same way from either
 * (server/package-root.ts). Code split: `stallmap analyze` does not load LevelDB or the server.
 */
import { readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';

export const SERVER_OUT_DIR = fileURLToPath(new URL('../dist-server', import.meta.url));

export async function buildServer(outdir = SERVER_OUT_DIR): Promise<Metafile> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    entryPoints: { main: 'server/main.ts', cli: 'server/cli/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    logLevel: 'warning',
    metafile: true,
    legalComments: 'none',
  });
  checkImports(result.metafile);
  return result.metafile;
}

/** `npm run dev` loads Vite with `import()` (server/http/dev.ts); production never does. */
const DEV_ONLY = new Set(['vite']);

/**
 * Every package the compiled code imports must be a dependency (not a dev dependency), or an
 * install with `--omit=dev` would fail at run time; a stray import is a build error instead.
 */
function checkImports(metafile: Metafile): void {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  const wrong = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, kind, external } of output.imports) {
      if (!external || isBuiltin(path)) continue;
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
      if (name in pkg.dependencies) continue;
      if (DEV_ONLY.has(name) && kind === 'dynamic-import') continue;
      wrong.add(name);
    }
  }
  if (wrong.size > 0) throw new Error(`the server imports packages that are not in "dependencies": ${[...wrong].join(', ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const metafile = await buildServer();
  const outputs = Object.entries(metafile.outputs);
  const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
  console.log(`dist-server/: ${outputs.length} files, ${Math.round(bytes / 1024)} kB`);
}
