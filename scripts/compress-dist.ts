/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside each compressible file of the built app
 * (`npm run build` runs it after `vite build`), so the server sends the 800 kB bundle as about
 * 200 kB without compressing on every request (sirv picks the copy the browser accepts:
 * server/http/static.ts). Maximum compression, since it is paid once per build. A copy that
 * saves less than a tenth is not written: the original is served instead.
 */
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest', '.wasm']);
/** Below this, the headers cost more than compression saves. */
const MIN_BYTES = 1024;

export interface Compressed {
  file: string;
  bytes: number;
  br?: number;
  gz?: number;
}

/**
 * Compresses every file at once (zlib works on libuv's threads, so the files share the cores).
 * `brotliQuality`: 11 (the most, about 8 s of CPU for this app) for a release; the test setup
 * passes less, since what it checks is that the copies are there and served.
 */
export async function compressDist(distDir: string, { brotliQuality = constants.BROTLI_MAX_QUALITY } = {}): Promise<Compressed[]> {
  const files = [...filesUnder(distDir)].filter((file) => COMPRESSIBLE.has(extname(file)));
  const compressed = await Promise.all(
    files.map(async (file): Promise<Compressed | undefined> => {
      const content = await readFile(file);
      if (content.byteLength < MIN_BYTES) return undefined;
      const [br, gz] = await Promise.all([
        brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: content.byteLength } }),
        gzipped(content, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      const result: Compressed = { file, bytes: content.byteLength };
      if (worthIt(br, content)) {
        await writeFile(`${file}.br`, br);
        result.br = br.byteLength;
      }
      if (worthIt(gz, content)) {
        await writeFile(`${file}.gz`, gz);
        result.gz = gz.byteLength;
      }
      return result;
    }),
  );
  return compressed.filter((entry) => entry !== undefined);
}

const worthIt = (copy: Buffer, original: Buffer) => copy.byteLength < original.byteLength * 0.9;

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile() && !/\.(br|gz)$/.test(entry.name)) yield path;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = fileURLToPath(new URL('../dist', import.meta.url));
  for (const { file, bytes, br, gz } of await compressDist(dist)) {
    console.log(`${file.slice(dist.length + 1)}: ${bytes} bytes, brotli ${br ?? '-'}, gzip ${gz ?? '-'}`);
  }
}
