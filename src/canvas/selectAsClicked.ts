import { useStore } from '../store';

/** Whether a click with these keys adds to the selection, as in React Flow: Shift, Ctrl or Cmd. */
export const addsToSelection = (event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) => event.shiftKey || event.ctrlKey || event.metaKey;

/**
 * Selects what was clicked on the canvas as a click on an element React Flow draws does: it alone,
 * or added to the selection (addsToSelection). For what is drawn from afar (FarSteps, FarJoins).
 */
export function selectAsClicked(id: string, event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): void {
  const { selection, select } = useStore.getState();
  select(addsToSelection(event) ? [...selection.filter((other) => other !== id), id] : [id]);
}
