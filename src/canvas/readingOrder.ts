import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import type { Position } from '../core/model';

/** Orders two places on the canvas as they are read: left to right, then top to bottom. */
export function inReadingOrder(a: Position | undefined, b: Position | undefined): number {
  return (a?.x ?? 0) - (b?.x ?? 0) || (a?.y ?? 0) - (b?.y ?? 0);
}

interface Placed {
  id: string;
  position: Position;
  dragging?: boolean;
}

/** How long the steps' places must stay still before the order follows them (a colleague's drag sends a place a frame). */
const SETTLE_MS = 250;

/**
 * The nodes in reading order, the order React Flow puts them in the page and so the order Tab
 * (and a screen reader's browsing) visits them; the map keeps its steps by id. The order is worked
 * out again when the set of steps changes, and when their places settle (`moving`: whether the
 * view is being moved, which holds it too): never on a drag frame,
 * when a node moved in the page would lose the focus and the move would cost every frame at 5,000
 * steps. Between those times the same order is applied to each new array (one lookup a node).
 */
export function useReadingOrder<T extends Placed>(nodes: T[], moving: RefObject<() => boolean>): T[] {
  const ranking = useRef<{ ids: string[]; order: number[]; round: number } | null>(null);
  const [round, setRound] = useState(0);
  const ordered = useMemo(() => {
    let ranked = ranking.current;
    if (!ranked || ranked.round !== round || !sameIds(ranked.ids, nodes)) {
      ranked = { ids: nodes.map((n) => n.id), order: rank(nodes), round };
      ranking.current = ranked;
    }
    return ranked.order.map((i) => nodes[i]);
  }, [nodes, round]);

  useEffect(() => {
    if (ordered.some((n) => n.dragging)) return;
    let timer = 0;
    const settle = () => {
      // Not under a pan or zoom either: new arrays end its moving layer (useLayerWhileMoving), and
      // a pan begun just after typing a label missed half its frames at 5,000 steps.
      if (moving.current()) timer = window.setTimeout(settle, SETTLE_MS);
      else if (!isInReadingOrder(ordered)) {
        keepFocus();
        setRound((r) => r + 1);
      }
    };
    timer = window.setTimeout(settle, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [ordered, moving]);
  return ordered;
}

/**
 * A step moved within the page loses the focus (the browser takes it out and puts it back): the
 * element that had it gets it again once React Flow has put its nodes in the new order.
 */
function keepFocus(): void {
  const had = document.activeElement;
  if (!(had instanceof HTMLElement) || had === document.body) return;
  const back = (tries: number) =>
    requestAnimationFrame(() => {
      const now = document.activeElement;
      if (now === document.body && had.isConnected) had.focus({ preventScroll: true });
      else if (now === had && tries > 0) back(tries - 1); // not moved yet
    });
  back(3);
}

function rank(nodes: readonly Placed[]): number[] {
  return nodes.map((_, i) => i).sort((a, b) => inReadingOrder(nodes[a].position, nodes[b].position));
}

function sameIds(ids: readonly string[], nodes: readonly Placed[]): boolean {
  return ids.length === nodes.length && nodes.every((n, i) => n.id === ids[i]);
}

function isInReadingOrder(nodes: readonly Placed[]): boolean {
  for (let i = 1; i < nodes.length; i++) if (inReadingOrder(nodes[i - 1].position, nodes[i].position) > 0) return false;
  return true;
}
