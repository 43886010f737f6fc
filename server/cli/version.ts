import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root';

/**
 * The version of this install, read from the package.json npm installed beside the build (the
 * repository's own in a checkout), so `stallmap --version` cannot drift from what was packed.
 */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
