/**
 * Compiles the server and the CLI to plain JavaScript in `dist-server/` (`npm run build` runs it),
 * so an install without dev dependencies runs them with Node alone: no tsx, no TypeScript at run
 * time. esbuild bundles our own modules (server/, src/core, src/collab) and the pure-JavaScript
 * packages they use into ES modules; only the packages in EXTERNAL stay imports, resolved from
 * node_modules. Bundled, Node reads a few files instead of resolving and compiling hundreds (zod
 * alone is 95 modules, prom-client brings OpenTelemetry's 51): that, not storage, was most of
 * the time from start to listening. Both entry points sit directly in `dist-server/`, like the
 * files in `server/`, so `../dist` (the app) is found the same way from either
 * (server/package-root.ts). Code split: `stallmap analyze` does not load LevelDB or the server,
 * and what loads lazily (prom-client at the first scrape, Redis, the backup commands) is in
 * chunks of its own. The licences of the bundled packages go into THIRD-PARTY-LICENSES.txt.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

export const SERVER_OUT_DIR = fileURLToPath(new URL('../dist-server', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The licences of the bundled packages, written beside the code that carries them. */
export const THIRD_PARTY_LICENSES = 'THIRD-PARTY-LICENSES.txt';

export async function buildServer(outdir = SERVER_OUT_DIR): Promise<Metafile> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    // The answer thread's script (server/api/answer-worker-file.ts finds it beside the other files).
    entryPoints: { main: 'server/main.ts', cli: 'server/cli/main.ts', 'answer-worker': 'server/api/answer-worker.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: [...EXTERNAL],
    banner: { js: REQUIRE_SHIM },
    // Less to read and parse at every start. Names are kept, so a stack trace still says where.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [zodEnglishOnly],
    // level-read-stream (y-leveldb's key scans) takes its Readable from readable-stream, npm's copy
    // of Node's own streams for old Nodes and browsers: 130 kB with its shims, at every start,
    // for the class Node already has.
    alias: { 'readable-stream': 'node:stream' },
    logLevel: 'warning',
    metafile: true,
    legalComments: 'none',
  });
  checkImports(result.metafile);
  writeFileSync(join(outdir, THIRD_PARTY_LICENSES), licensesOf(result.metafile));
  return result.metafile;
}

/**
 * Packages left as imports, resolved from node_modules at run time; every other package is
 * bundled. `level` loads classic-level, a native addon (a .node file cannot be bundled); ioredis
 * is imported only with STALLMAP_REDIS_URL; vite only by `npm run dev`. ws's optional native
 * speed-ups are required inside a try and are not installed.
 */
const EXTERNAL = new Set(['level', 'classic-level', 'ioredis', 'vite', 'bufferutil', 'utf-8-validate']);

/**
 * The bundled CommonJS packages (ws, prom-client) `require` Node's built-ins, and an ES module
 * has no `require`: each output file gets one, where esbuild's shim looks for it.
 */
const REQUIRE_SHIM = "import { createRequire as __stallmapCreateRequire } from 'node:module'; const require = __stallmapCreateRequire(import.meta.url);";

/**
 * zod's `z` carries every locale of its error messages (40 files, 368 kB, half of zod), loaded
 * and compiled at every start though only English is used (its default; nothing calls
 * `z.config`): the bundle gets English alone, as `z.locales.en`. If zod moves its locales, the
 * filter no longer matches and the bundle is merely larger.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]node_modules[/\\]zod[/\\]/.test(args.importer) ? { path: join(args.resolveDir, '../locales/index.js'), namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: 'export { default as en } from "./en.js";', resolveDir: dirname(args.path), loader: 'js' }));
  },
};

/** The name, version, licence and licence text of every package bundled, for the notices their licences ask to keep. */
function licensesOf(metafile: Metafile): string {
  const roots = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    if (input.includes(':')) continue; // a plugin's module (zodEnglishOnly), not a file
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) roots.add(match[1]);
  }
  const sections = [...roots].sort().map((root) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, root, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const file = readdirSync(join(ROOT, root)).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text = file ? readFileSync(join(ROOT, root, file), 'utf8').trim() : `(no licence file; package.json says ${pkg.license ?? 'nothing'})`;
    return `${pkg.name} ${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}\n`;
  });
  return `Packages bundled into dist-server/, with their licences.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

/** `npm run dev` loads Vite with `import()` (server/http/dev.ts); production never does. */
const DEV_ONLY = new Set(['vite']);

/** ws's optional native speed-ups: required inside a try, and ws works without them. */
const OPTIONAL = new Set(['bufferutil', 'utf-8-validate']);

/**
 * Every package our code imports must be a dependency (not a dev dependency): one left external
 * is resolved at run time, and an install with `--omit=dev` would lack it; one bundled would
 * ship a dev dependency's code without anyone having chosen to. (Bundled packages stay listed
 * in "dependencies" so that `npm audit` and licence tools still see what the package ships.) A
 * stray import is a build error.
 */
function checkImports(metafile: Metafile): void {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  const wrong = new Set<string>();
  const packageOf = (path: string) => (path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]);
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, kind, external } of output.imports) {
      if (!external || isBuiltin(path)) continue;
      const name = packageOf(path);
      if (name in pkg.dependencies) continue;
      if (DEV_ONLY.has(name) && kind === 'dynamic-import') continue;
      if (OPTIONAL.has(name) && kind === 'require-call') continue;
      wrong.add(name);
    }
  }
  // What was bundled: the packages our own modules import (theirs are their business).
  for (const [file, input] of Object.entries(metafile.inputs)) {
    if (file.includes('node_modules/') || file.includes(':')) continue;
    for (const { original, external } of input.imports) {
      if (external || !original || original.startsWith('.') || original.startsWith('/') || isBuiltin(original)) continue;
      if (!(packageOf(original) in pkg.dependencies)) wrong.add(packageOf(original));
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
