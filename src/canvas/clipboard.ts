import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { CURRENT_VERSION, FORMAT, mapFileJson, parseMapJson, type StallMap } from '../core/model';
import { findFreeSpot, STEP_BOX, type Box } from '../core/layout/placement';
import { plural } from '../core/plural';
import { useStore } from '../store';
import { ownAdds, useDrawing } from './drawingState';
import { useSession } from './SessionContext';
import { bringIntoView, stepBoxes, visibleArea } from './useAddStep';
import { isTyping } from './useShortcuts';

/**
 * The selected steps, and the joins among them, as a map file: what Copy puts on the clipboard.
 * Any Stallmap page reads it back (another map too), and so does any tool that reads the format.
 * A check keeps only the steps it verifies that are copied with it: a file naming a step it does
 * not hold is not a valid map, and no page could paste it.
 */
export function clipboardMap(map: StallMap, ids: readonly string[]): StallMap | null {
  const chosen = new Set(ids);
  const kept = new Set(map.steps.filter((s) => chosen.has(s.id)).map((s) => s.id));
  if (!kept.size) return null;
  const steps = map.steps.filter((s) => kept.has(s.id)).map(({ verifies, ...step }) => {
    const among = verifies?.filter((id) => kept.has(id));
    return among?.length ? { ...step, verifies: among } : step;
  });
  const joins = map.joins.filter((j) => kept.has(j.from) && kept.has(j.to));
  return { format: FORMAT, version: CURRENT_VERSION, id: 'clipboard', title: `${plural(steps.length, 'step')} from ${map.title}`, steps, joins, waivers: [], comments: [] };
}

/**
 * Copy, cut and paste of steps with their joins, through the browser's own clipboard events
 * (Ctrl/Cmd+C, X, V, and the browser's menus): they work on a plain-http page in the room, where
 * the asynchronous clipboard API does not exist. Text fields keep their own clipboard; so does a
 * selection of text on the page. A paste on a page that may not change the map is refused with a
 * message by the command layer (commands.ts, WriteAccess), like every other change.
 */
export function useClipboard(map: StallMap, editable: boolean) {
  const { commands } = useSession();
  const flow = useReactFlow();

  useEffect(() => {
    const ours = (event: ClipboardEvent) => !isTyping(event.target) && !isTyping(document.activeElement) && !hasTextSelection();

    const onCopy = (event: ClipboardEvent, cut: boolean) => {
      if (!ours(event) || !event.clipboardData) return;
      const { selection, select } = useStore.getState();
      const copied = clipboardMap(map, selection);
      if (!copied) return;
      event.preventDefault();
      event.clipboardData.setData('text/plain', mapFileJson(copied));
      const what = `${plural(copied.steps.length, 'step')}${copied.joins.length ? ` and ${plural(copied.joins.length, 'join')}` : ''}`;
      if (cut && editable) {
        commands.deleteElements(copied.steps.map((s) => s.id));
        select([]);
        useDrawing.getState().say(`Cut ${what}.`);
      } else {
        useDrawing.getState().say(`Copied ${what}.`);
      }
    };

    const onPaste = (event: ClipboardEvent) => {
      if (!ours(event)) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (!text.includes(FORMAT)) return; // not a map: nothing for the canvas to do with it
      event.preventDefault();
      const parsed = parseMapJson(text);
      if (!parsed.ok) {
        useDrawing.getState().say(`The clipboard holds a map that cannot be pasted: ${parsed.errors[0]?.path} ${parsed.errors[0]?.message}`);
        return;
      }
      const { steps, joins } = parsed.map;
      if (!steps.length) return;
      // The pasted group keeps its shape and lands, as one block, on the free space nearest to
      // where it was copied from (or the middle of the view when that is out of sight).
      const group = bounds(steps.map((s) => ({ ...(s.position ?? { x: 0, y: 0 }), ...STEP_BOX })));
      const view = visibleArea(flow);
      const inView = group.x >= view.x && group.y >= view.y && group.x + group.width <= view.x + view.width && group.y + group.height <= view.y + view.height;
      const desired = inView ? { x: group.x + 40, y: group.y + 40 } : { x: view.x + (view.width - group.width) / 2, y: view.y + (view.height - group.height) / 2 };
      const spot = findFreeSpot(desired, group, stepBoxes(flow));
      const copies = commands.insert({ steps, joins }, { x: spot.x - group.x, y: spot.y - group.y });
      if (!copies.size) return; // refused: the command layer said why
      const ids = [...copies.values()];
      const now = Date.now();
      for (const id of ids) ownAdds.set(id, now);
      useStore.getState().select(ids);
      bringIntoView(flow, { ...spot, width: group.width, height: group.height });
      useDrawing.getState().say(`Pasted ${plural(ids.length, 'step')}.`);
    };

    const copy = (event: ClipboardEvent) => onCopy(event, false);
    const cut = (event: ClipboardEvent) => onCopy(event, true);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', onPaste);
    };
  }, [map, editable, commands, flow]);
}

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return Boolean(selection && !selection.isCollapsed && selection.toString().trim());
}

function bounds(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}
