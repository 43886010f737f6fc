import { describe, expect, it } from 'vitest';
import { plural } from '../../src/core/plural';

describe('a count in words', () => {
  it('takes the singular for one and the plural for any other count, thousands separated', () => {
    expect(plural(1, 'step')).toBe('1 step');
    expect(plural(0, 'join')).toBe('0 joins');
    expect(plural(2, 'open finding')).toBe('2 open findings');
    expect(plural(1200, 'step')).toBe('1,200 steps');
    expect(plural(3, 'person', 'people')).toBe('3 people');
  });
});
