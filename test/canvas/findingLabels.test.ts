import { describe, expect, it } from 'vitest';
import { labelsOf } from '../../src/canvas/findings/labels';

/** What a finding's line of names shows: never an id a person did not type. */
describe('labelsOf', () => {
  it('names the map itself (the target of a finding on the whole map) by its title, not its random id', () => {
    const labelOf = labelsOf({ id: 'C7pgWv1sqEIS_bQJ', title: 'Untitled map', steps: [], joins: [] });
    expect(labelOf('C7pgWv1sqEIS_bQJ')).toBe('Untitled map');
  });

  it('names steps by their labels and joins by theirs, else by their ends', () => {
    const labelOf = labelsOf({
      steps: [{ id: 'a', kind: 'start', label: 'Request' }, { id: 'b', kind: 'end', label: 'Done' }],
      joins: [{ id: 'j', from: 'a', to: 'b', handoff: 'system' }],
    });
    expect(['a', 'j', 'ghost'].map(labelOf)).toEqual(['Request', 'Request → Done', 'ghost']);
  });
});
