import { describe, expect, it } from 'vitest';
import { firstColor, keptColor, type Holder } from '../../src/canvas/presence/distinctColor';
import { PEER_COLORS } from '../../src/canvas/presence/identity';

describe('people’s colours on one map', () => {
  it('ten pages that join at the same moment with the same colour settle on ten colours, each page moving on what it sees', () => {
    // Every page picked its colour before seeing anyone: the worst case, all alike.
    let people: Holder[] = Array.from({ length: 10 }, (_, i) => ({ clientId: 1000 - i * 37, color: PEER_COLORS[3] }));
    for (let round = 0; round < 10; round++) {
      people = people.map((me) => ({ ...me, color: keptColor(me.color, me.clientId, people.filter((other) => other !== me)) }));
    }
    expect(new Set(people.map((p) => p.color)).size).toBe(10);
  });

  it('a newcomer takes a colour nobody has, and nobody already here changes theirs for them', () => {
    const here: Holder[] = PEER_COLORS.slice(0, 9).map((color, i) => ({ clientId: 500 + i, color }));
    const mine = firstColor(PEER_COLORS[0], here);
    expect(mine).toBe(PEER_COLORS[9]);
    for (const person of here) expect(keptColor(person.color, person.clientId, [...here.filter((p) => p !== person), { clientId: 1, color: mine }])).toBe(person.color);
  });

  it('past ten people, a colour repeats rather than anyone going without', () => {
    const here: Holder[] = PEER_COLORS.map((color, i) => ({ clientId: i, color }));
    expect(firstColor(PEER_COLORS[4], here)).toBe(PEER_COLORS[4]);
    expect(keptColor(PEER_COLORS[4], 99, here)).toBe(PEER_COLORS[4]);
  });
});
