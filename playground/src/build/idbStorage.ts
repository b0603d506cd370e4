/**
 * A key-value store over IndexedDB, shaped as zustand's PersistStorage. Twenty lines of our own
 * rather than idb-keyval: we need one object store, structured values (files stay objects, no
 * JSON round trip of a 200 KB bundle on every edit), and our own error for a record that is not
 * what we wrote, which a generic wrapper would hand back as-is.
 */
import type { PersistStorage, StorageValue } from 'zustand/middleware';

export const DB_NAME = 'target-kit-playground';
export const OBJECT_STORE = 'kv';

/** Thrown while reading when the record is there but is not a stored state we can read. */
export class StoredStateUnreadable extends Error {
  constructor(readonly reason: 'corrupt' | 'older' | 'newer', detail: string) {
    super(detail);
    this.name = 'StoredStateUnreadable';
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

let opened: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(OBJECT_STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB cannot be opened'));
  });
  return opened;
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return request(run(db.transaction(OBJECT_STORE, mode).objectStore(OBJECT_STORE)));
}

const isStorageValue = (value: unknown): value is StorageValue<unknown> =>
  typeof value === 'object' && value !== null && 'state' in value && typeof (value as { version?: unknown }).version === 'number';

export function indexedDbStorage<S>(): PersistStorage<S> {
  return {
    async getItem(name) {
      const value: unknown = await withStore('readonly', (store) => store.get(name));
      if (value === undefined) return null;
      if (!isStorageValue(value)) throw new StoredStateUnreadable('corrupt', 'the stored record has no state and version');
      return value as StorageValue<S>;
    },
    async setItem(name, value) {
      await withStore('readwrite', (store) => store.put(value, name));
    },
    async removeItem(name) {
      await withStore('readwrite', (store) => store.delete(name));
    },
  };
}
