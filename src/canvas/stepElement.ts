/** The element React Flow draws for step `id` (its whole node, not a box drawn from afar), if it is drawn; under `root`, else anywhere in the page. */
export function stepElement(id: string, root: ParentNode = document): HTMLElement | null {
  return root.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
}
