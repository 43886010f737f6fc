import { expect, it } from 'vitest';
import { refusalFor } from '../../src/collab/refusals';
import { sentSizes, tooLargeWasChange } from '../../src/collab/sent-sizes';

it('takes a 1009 for the page’s change only when its largest message was a change', () => {
  const editing = {};
  Object.assign(sentSizes(editing), { change: 2_000_000, presence: 300 });
  const greetedByACrowd = {};
  Object.assign(sentSizes(greetedByACrowd), { change: 40, presence: 1_200_000 });

  expect(tooLargeWasChange(editing)).toBe(true);
  expect(tooLargeWasChange(greetedByACrowd)).toBe(false);
  expect(tooLargeWasChange(null)).toBe(false);

  expect(refusalFor(1009, '', tooLargeWasChange(editing))).toMatchObject({ discardable: true, final: true });
  const presence = refusalFor(1009, '', tooLargeWasChange(greetedByACrowd));
  expect(presence).toMatchObject({ discardable: false, final: false });
  expect(presence?.message).not.toContain('not saved');
  // The server's own "too large" is always about a change.
  expect(refusalFor(4413, 'too many steps', false)).toMatchObject({ discardable: true, final: true });
});

it('says why a declared name was refused, and that reconnecting will not help', () => {
  const refusal = refusalFor(4400, 'the name is longer than 120 characters', false);
  expect(refusal).toMatchObject({ discardable: false, final: true });
  expect(refusal?.message).toContain('the name is longer than 120 characters');
});

it("offers to discard a review change made under another writer's client id, which every reconnect would send again", () => {
  const refusal = refusalFor(4409, "a change under another writer's client id", false);
  expect(refusal).toMatchObject({ discardable: true, final: true });
  expect(refusal?.message).toContain('cannot be saved');
  // Retried until the other connection is gone: nothing to say.
  expect(refusalFor(4509, '', false)).toBeNull();
});

it('tells a page whose link was replaced who to ask for the new one, and that reconnecting will not help', () => {
  const edit = refusalFor(4410, 'the edit link was replaced', false);
  expect(edit).toMatchObject({ discardable: false, final: true });
  expect(edit?.message).toMatch(/^This edit link was replaced by someone on the team, so it no longer opens the map\. Ask your team for the new edit link/);
  expect(refusalFor(4410, 'the review link was replaced', false)?.message).toBe('This review link was replaced, so it no longer opens the map. Ask whoever sent it to you for the new one.');
  expect(refusalFor(4410, 'the view link was replaced', false)?.message).toMatch(/^This view link was replaced/);
});
