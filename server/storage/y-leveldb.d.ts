// y-leveldb ships types, but its package.json "exports" hides them from TypeScript's bundler
// resolution; this declares the part the server uses (from dist/src/y-leveldb.d.ts, 0.2.0).
declare module 'y-leveldb' {
  import type * as Y from 'yjs';

  export class LeveldbPersistence {
    constructor(location: string, options?: { Level?: unknown; levelOptions?: object });
    /** Private in y-leveldb, but the only way to read raw updates in its queue. */
    _transact<T>(f: (db: unknown) => Promise<T>): Promise<T | null>;
    flushDocument(docName: string): Promise<unknown>;
    getYDoc(docName: string): Promise<Y.Doc>;
    storeUpdate(docName: string, update: Uint8Array): Promise<number | null>;
    getMeta(docName: string, metaKey: string): Promise<unknown>;
    setMeta(docName: string, metaKey: string, value: unknown): Promise<unknown>;
    clearDocument(docName: string): Promise<void>;
    destroy(): Promise<void>;
  }

  /** The room's highest update number (a reverse read of its keys); -1 if it has none. */
  export function getCurrentUpdateClock(db: unknown, docName: string): Promise<number>;
  export function getLevelUpdates(db: unknown, docName: string, opts?: object): Promise<Uint8Array[]>;
  /** Keys (decoded: arrays such as ['v1', room, 'update', n]) in a range of y-leveldb's key encoding. */
  export function getLevelBulkKeys(db: unknown, opts: object): Promise<(string | number)[][]>;
}
