import { expect, it } from 'vitest';
import { refusalFor } from '../../src/collab/refusals';
import { awaitingMap } from '../../src/store/awaitingMap';

it('does not take a page stopped before the map came for one that holds all there is: it says nothing of the map', () => {
  const replaced = refusalFor(4410, 'the review link was replaced', false);
  // Offline, with this browser's copy: what it holds is shown.
  expect(awaitingMap({ answered: false, status: 'offline', refusal: null })).toBe(false);
  // Stopped by the server before its first answer: shown offline too, but it has nothing of the map.
  expect(awaitingMap({ answered: false, status: 'offline', refusal: replaced })).toBe(true);
  expect(awaitingMap({ answered: true, status: 'offline', refusal: replaced })).toBe(false);
});
