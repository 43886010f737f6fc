import type { IncomingMessage } from 'node:http';
import { MAX_JSON_DEPTH, jsonDepth } from './json-depth';
import { withLineAndColumn } from '../../src/core/model/parse';

/** `limit` names the limit a refused body was over (for the log line), if that is why. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string; limit?: 'bytes' | 'depth' };

/**
 * UTF-8 as the encoding standard decodes it, which drops a byte-order mark at the start: the map
 * format allows one (docs/format.md), the page's file reader decodes files this way, and the CLI
 * (parseMapJson) skips it too. Anywhere else the mark is a character, which JSON refuses.
 */
const utf8 = new TextDecoder('utf-8');

/**
 * Reads a JSON body of at most `limit` bytes. Too large is 413 (decided from Content-Length when
 * the client sends one, so a huge upload is not read at all); not JSON is 400 with the parser's
 * words, and so is JSON nested deeper than MAX_JSON_DEPTH.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `the body is larger than ${limit} bytes`, limit: 'bytes' };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(tooLarge);
      } else chunks.push(chunk);
    });
    req.on('error', () => finish({ ok: false, status: 400, message: 'the body could not be read' }));
    // The client hung up, or was cut off by the request timeout, before the body was whole.
    req.on('close', () => finish({ ok: false, status: 400, message: 'the body could not be read' }));
    req.on('end', () => {
      const text = utf8.decode(Buffer.concat(chunks));
      if (text.trim() === '') return finish({ ok: false, status: 400, message: 'the body is empty; send JSON ({} for an empty map)' });
      if (jsonDepth(text) > MAX_JSON_DEPTH) return finish({ ok: false, status: 400, message: `the JSON nests deeper than ${MAX_JSON_DEPTH} levels`, limit: 'depth' });
      try {
        finish({ ok: true, value: JSON.parse(text) });
      } catch (error) {
        finish({ ok: false, status: 400, message: `invalid JSON: ${withLineAndColumn(text, (error as Error).message)}` });
      }
    });
  });
}

/**
 * Whether the request announced a body that has not been read to its end. Answering such a
 * request must close the connection (Connection: close): left open, Node reads and discards the
 * rest to get to the next request, and the rest can be gigabytes.
 */
export function hasUnreadBody(req: IncomingMessage): boolean {
  const declared = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  return declared && !req.readableEnded;
}
