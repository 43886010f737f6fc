import { describe, expect, it } from 'vitest';
import { breakLongWords } from '../../src/canvas/plan/breakLongWords';

describe('breakLongWords: a plan table cell that cannot push the table past the page', () => {
  it('gives a long run a break every 24 characters, and leaves words alone', () => {
    expect(breakLongWords('stabilization not assessed')).toBe('stabilization not assessed');
    expect(breakLongWords(`see ${'a'.repeat(30)}`)).toBe(`see ${'a'.repeat(24)}<wbr>${'a'.repeat(6)}`);
  });

  it('never breaks inside a tag, an entity or a character outside the basic plane', () => {
    const cell = `<a href="https://example.com/${'x'.repeat(40)}">${'&lt;'.repeat(30)}</a>${'😀'.repeat(30)}`;
    const broken = breakLongWords(cell);
    expect(broken.replaceAll('<wbr>', '')).toBe(cell);
    expect(broken).toContain(`<a href="https://example.com/${'x'.repeat(40)}">`);
    expect(broken).toContain(`${'&lt;'.repeat(24)}<wbr>&lt;`);
    expect(broken).toContain(`${'😀'.repeat(24)}<wbr>😀`);
  });
});
