import { type RefObject, useEffect } from 'react';
import { useStoreApi } from '@xyflow/react';
import { focusablesIn } from '../focusables';
import { stepElement } from '../stepElement';

/**
 * "Add next" sits beside its step on screen, but in the page it comes after every step (React
 * Flow's toolbars are drawn over the canvas, not in the node): Tab from the selected step went
 * through every other step before reaching it, and from the last step back into it. Its buttons
 * are out of the page's Tab order (tabIndex -1), and the keys lead through them as they are seen:
 * Tab from the step goes into the bar, Tab and Shift+Tab (or the arrows) go from button to
 * button, Shift+Tab from the first back to the step, and Tab from the last on to what follows the step.
 */
export function useTabThroughAddNext(stepId: string, bar: RefObject<HTMLElement | null>): void {
  const flow = useStoreApi();
  useEffect(() => {
    const root = flow.getState().domNode;
    const step = root && stepElement(stepId, root);
    const toolbar = bar.current;
    if (!root || !step || !toolbar) return;
    const buttons = () => [...toolbar.querySelectorAll<HTMLElement>('button:not(:disabled)')];
    const onStepKey = (event: KeyboardEvent) => {
      if (event.key !== 'Tab' || event.shiftKey || event.target !== step) return;
      const first = buttons()[0];
      if (!first) return;
      event.preventDefault();
      first.focus();
    };
    const onBarKey = (event: KeyboardEvent) => {
      const forward = (event.key === 'Tab' && !event.shiftKey) || event.key === 'ArrowRight' || event.key === 'ArrowDown';
      const back = (event.key === 'Tab' && event.shiftKey) || event.key === 'ArrowLeft' || event.key === 'ArrowUp';
      if (!forward && !back) return;
      const list = buttons();
      const at = list.indexOf(event.target as HTMLElement);
      if (at < 0) return;
      const next = forward ? (list[at + 1] ?? (event.key === 'Tab' ? afterStep(step, toolbar) : undefined)) : (list[at - 1] ?? step);
      event.preventDefault();
      event.stopPropagation(); // the arrows are not the canvas's (moving the selected step)
      next?.focus();
    };
    step.addEventListener('keydown', onStepKey);
    toolbar.addEventListener('keydown', onBarKey);
    return () => {
      step.removeEventListener('keydown', onStepKey);
      toolbar.removeEventListener('keydown', onBarKey);
    };
  }, [flow, stepId, bar]);
}

/** What Tab reaches after the step, passing over its bar. */
function afterStep(step: HTMLElement, toolbar: HTMLElement): HTMLElement | undefined {
  return focusablesIn(document).find((el) => el.tabIndex >= 0 && !toolbar.contains(el) && !step.contains(el) && step.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
}
