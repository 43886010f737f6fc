import { describe, expect, it } from 'vitest';
import { changedOnto } from '../../src/canvas/program/changedOnto';

/** Two editors with the Program dialog open at once: each save writes what that dialog changed, not the whole program it opened on. */
describe('a Program dialog saved after a colleague saved theirs', () => {
  it("keeps the colleague's sponsor when this dialog only set the lead", () => {
    const opened = {};
    const current = { sponsor: 'COO' }; // Ana saved while Cara's dialog was open
    expect(changedOnto(current, opened, { lead: 'Dana' })).toEqual({ sponsor: 'COO', lead: 'Dana' });
  });

  it('clears a field this dialog cleared, and takes the later save for a field both changed', () => {
    const opened = { sponsor: 'CFO', lead: 'Ed' };
    const current = { sponsor: 'COO', lead: 'Ed' };
    expect(changedOnto(current, opened, { sponsor: 'CEO' })).toEqual({ sponsor: 'CEO' });
  });
});
