import * as Y from 'yjs';
import { createCommands, type WorkflowState } from '../../src/collab/commands';
import { readMap, writeMap } from '../../src/collab/doc';
import { createRedesignCommands } from '../../src/collab/redesignCommands';
import { createUndoManager } from '../../src/collab/undo';
import type { StallMap } from '../../src/core/model';

export type Person = 'ana' | 'ben';

/** The origin of what a page receives from the server (the provider's, in the product). */
const SERVER = Symbol('server');

/** One person's page, wired as the session wires it: commands, the redesign's commands, one undo history per state. */
function page(clientID: number, shown: WorkflowState) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const state = () => shown;
  const undo = createUndoManager(doc, state);
  return { doc, undo, commands: createCommands(doc, undo, undefined, state), redesign: createRedesignCommands(doc, undo), read: () => readMap(doc) };
}

export type Page = ReturnType<typeof page>;

/**
 * Ana and Ben on one map, and the server between them: what a page changes waits for `deliver`,
 * so two changes made before either arrives cross, as two made at the same moment do. When both
 * set one field at once, Yjs keeps the value of the page with the higher clientID: `shows` names
 * whose value that is. Both pages show `shown` (today's map, or the redesign).
 */
export function twoPages(map: StallMap, shows: Person, shown: WorkflowState = 'now') {
  const pages: Record<Person, Page> = { ana: page(shows === 'ana' ? 2 : 1, shown), ben: page(shows === 'ben' ? 2 : 1, shown) };
  const waiting: Record<Person, Uint8Array[]> = { ana: [], ben: [] };
  for (const person of ['ana', 'ben'] as const) {
    pages[person].doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== SERVER) waiting[person].push(update);
    });
  }
  const other = (person: Person): Person => (person === 'ana' ? 'ben' : 'ana');
  /** Hands what `from` changed so far to the other page. */
  const deliver = (from: Person) => {
    for (const update of waiting[from].splice(0)) Y.applyUpdate(pages[other(from)].doc, update, SERVER);
  };
  const sync = () => {
    deliver('ana');
    deliver('ben');
  };
  // The map as both opened it: written before either page made a change, so neither can undo it.
  writeMap(pages.ana.doc, map);
  sync();
  return { ...pages, deliver, sync };
}
