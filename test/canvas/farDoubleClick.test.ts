import { describe, expect, it } from 'vitest';
import { boxClicked, secondClickOnBox, secondClickThroughBox } from '../../src/canvas/nodes/useFarStepGestures';

/**
 * A double-click on a box drawn from afar: its first click selects the step, which is then drawn
 * whole, often before the second click lands. The browser sees two elements clicked and makes no
 * double-click of them; the canvas does, as the system would: the same step, within half a second.
 */
describe('a double-click begun on a box', () => {
  it('is a double-click when the second click lands on the same step, whole, within half a second', () => {
    boxClicked('s1', 1000);
    expect(secondClickOnBox('s1', 1300)).toBe(true);
  });

  it('is not when the second click comes later, on another step, or twice from one click', () => {
    boxClicked('s1', 1000);
    expect(secondClickOnBox('s1', 1600)).toBe(false);
    boxClicked('s1', 2000);
    expect(secondClickOnBox('s2', 2100)).toBe(false);
    boxClicked('s1', 3000);
    expect(secondClickOnBox('s1', 3100)).toBe(true);
    expect(secondClickOnBox('s1', 3200)).toBe(false);
  });
});

describe('a double-click begun on a box whose second click falls through to the pane', () => {
  // Between the box going and the whole step being measured, React Flow holds the step hidden.
  const onS1 = (id: string) => id === 's1';
  const elsewhere = () => false;

  it('renames the step when the second click lands where it is, within half a second', () => {
    boxClicked('s1', 1000);
    expect(secondClickThroughBox(onS1, 1200)).toBe('s1');
    // Once: a third click is a click.
    expect(secondClickThroughBox(onS1, 1300)).toBeUndefined();
  });

  it('is a click on the pane when it lands elsewhere or later', () => {
    boxClicked('s1', 1000);
    expect(secondClickThroughBox(elsewhere, 1200)).toBeUndefined();
    boxClicked('s1', 2000);
    expect(secondClickThroughBox(onS1, 2600)).toBeUndefined();
  });
});
