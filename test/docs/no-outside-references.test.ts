import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands on its own: no file sends its reader to notes that only its authors have
 * (a sibling `shared` folder, or the domain, architecture and scale-out notes kept there). The
 * format, the rules and the design are documented in docs/. The names are assembled here so that
 * this file does not match itself.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const OUTSIDE = [['..', 'shared'].join('/'), ...['DOMAIN', 'ARCHITECTURE', 'SCALE-OUT'].map((name) => `${name}.md`)];

/** Tracked files, and new ones not yet committed (but not what .gitignore keeps out). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return [...new Set(out.toString('utf8').split('\0').filter(Boolean))];
}

describe('references outside the repository', () => {
  it('no file in the repository refers to notes outside it', () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(`${root}${file}`, 'utf8');
      } catch {
        continue; // listed but deleted in the working tree
      }
      text.split('\n').forEach((line, i) => {
        for (const name of OUTSIDE) if (line.includes(name)) found.push(`${file}:${i + 1}: ${name}`);
      });
    }
    expect(found).toEqual([]);
  });
});
