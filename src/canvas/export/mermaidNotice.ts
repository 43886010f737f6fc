import { type Held, inWords } from '../../core/model';

/**
 * What the page says once a Mermaid flowchart is saved, when the map held more than a flowchart
 * carries: the person learns it now, not when a colleague imports the file and finds the owners,
 * minutes and comments gone. Null when nothing was left out.
 */
export function mermaidNotice(file: string, leftOut: readonly Held[]): string | null {
  if (leftOut.length === 0) return null;
  return `${file} draws the steps and joins; a flowchart leaves out ${inWords(leftOut)}. Export JSON, PNG or SVG to keep the whole map.`;
}
