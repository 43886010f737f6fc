import * as Y from 'yjs';
import { readMap } from '../../src/collab/doc';
import { analyze } from '../../src/core/analyzer';
import { planMarkdown } from '../../src/core/plan';
import type { LogFields, Logger } from '../log';
import { roomName } from '../maps/roles';
import { loadDoc } from '../sync/load';

/** What a read route answers: the map itself, its analysis, or its plan. */
export type AnswerKind = 'map' | 'analysis' | 'plan';

/**
 * What the answer thread is given: a map's two rooms as Yjs updates (a loaded room's whole state,
 * or a room's stored log), and the time the plan is dated by.
 */
export interface AnswerRequest {
  kind: AnswerKind;
  mapId: string;
  map: Uint8Array[];
  review: Uint8Array[];
  now: number;
}

/** A line the thread would have logged: the main thread writes it, in its own log. */
export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  event: string;
  fields: LogFields;
}

/** The answer's body as UTF-8 (so its buffer can be handed over, not copied), its type and headers of its own. */
export interface ThreadAnswer {
  body: Uint8Array;
  type: string;
  headers: Record<string, string>;
  logged: LoggedLine[];
}

/**
 * Makes one answer of the read routes from the bytes of the map's rooms, as the routes did on the
 * main thread: the rooms rebuilt through loadDoc (the shape check and its log, as a read from
 * storage had them), read with the page's own reader, analysed, written out. Runs in the answer
 * thread (answer-thread.ts); nothing here touches the server's state.
 */
export async function makeAnswer(request: AnswerRequest): Promise<ThreadAnswer> {
  const logged: LoggedLine[] = [];
  const log: Logger = {
    info: (event, fields = {}) => logged.push({ level: 'info', event, fields }),
    warn: (event, fields = {}) => logged.push({ level: 'warn', event, fields }),
    error: (event, fields = {}) => logged.push({ level: 'error', event, fields }),
  };
  const doc = await docOf(roomName(request.mapId, 'map'), request.map, log);
  const review = await docOf(roomName(request.mapId, 'review'), request.review, log);
  const { map, skipped } = readMap(doc, review, request.mapId);
  doc.destroy();
  review.destroy();
  const utf8 = (text: string) => new TextEncoder().encode(text);
  switch (request.kind) {
    case 'map':
      return { body: utf8(JSON.stringify(map)), type: 'application/json', headers: { 'X-Stallmap-Skipped': String(skipped.length) }, logged };
    case 'analysis':
      return { body: utf8(JSON.stringify(analyze(map))), type: 'application/json', headers: {}, logged };
    case 'plan':
      return { body: utf8(planMarkdown(map, analyze(map), { now: new Date(request.now) })), type: 'text/markdown', headers: {}, logged };
  }
}

async function docOf(room: string, updates: Uint8Array[], log: Logger): Promise<Y.Doc> {
  const doc = new Y.Doc();
  await loadDoc({ loadUpdates: async () => updates }, room, doc, log);
  return doc;
}
