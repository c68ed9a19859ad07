import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore, StoredUpdate } from '../../server/storage/documentStore';

/** A store to run the contract on, and what the contract needs around it. */
export interface StoreUnderTest {
  store: DocumentStore;
  /** Makes a policy exist, for stores whose log belongs to a policy record (SQLite's foreign key). */
  addPolicy(policyId: string): void;
  dispose(): void;
}

/** A document and the updates that built it, exactly one per edit. */
function editedDocument(edits: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('text');
  for (let index = 0; index < edits; index += 1) {
    doc.transact(() => {
      text.insert(text.length, `edit ${index}; `);
      doc.getMap('meta').set('edits', index + 1);
    });
  }
  return { doc, updates };
}

/** The document that the stored updates of a policy build. */
function loadedDocument(store: DocumentStore, policyId: string): Y.Doc {
  const doc = new Y.Doc();
  for (const update of store.load(policyId).updates) Y.applyUpdate(doc, update);
  return doc;
}

const contentOf = (doc: Y.Doc) => ({ text: doc.getText('text').toString(), meta: doc.getMap('meta').toJSON() });

const entry = (update: Uint8Array, userId: string | null = null, sections: string[] = []): StoredUpdate => ({ update, userId, sections });

/**
 * What every DocumentStore must do, run against each implementation (SQLite now, PostgreSQL
 * later, the in-memory store of the unit tests): a room relies on exactly this.
 */
export function documentStoreContract(name: string, open: () => StoreUnderTest): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: DocumentStore;
    const policyId = 'policy-contract-a';
    const otherPolicyId = 'policy-contract-b';

    beforeEach(() => {
      subject = open();
      store = subject.store;
      subject.addPolicy(policyId);
      subject.addPolicy(otherPolicyId);
    });
    afterEach(() => subject.dispose());

    describe('loading', () => {
      it('loads an unknown policy as empty', () => {
        expect(store.load('policy-never-stored')).toEqual({ updates: [], logLength: 0 });
        expect(store.logLength('policy-never-stored')).toBe(0);
        expect(store.log('policy-never-stored')).toEqual([]);
      });

      it('gives back what was appended, so the document loads equal', () => {
        const { doc, updates } = editedDocument(5);
        store.append(policyId, updates.map((update) => entry(update)));
        const loaded = loadedDocument(store, policyId);
        expect(contentOf(loaded)).toEqual(contentOf(doc));
        expect(store.load(policyId).logLength).toBe(updates.length);
      });

      it('keeps the order of updates across batches', () => {
        const { updates } = editedDocument(12);
        store.append(policyId, updates.slice(0, 1).map((update) => entry(update)));
        store.append(policyId, updates.slice(1, 7).map((update) => entry(update)));
        store.append(policyId, updates.slice(7).map((update) => entry(update)));
        expect(store.load(policyId).updates.map((update) => [...update])).toEqual(updates.map((update) => [...update]));
      });

      it('keeps policies apart', () => {
        const first = editedDocument(2);
        const second = editedDocument(3);
        store.append(policyId, first.updates.map((update) => entry(update)));
        store.append(otherPolicyId, second.updates.map((update) => entry(update)));
        expect(store.logLength(policyId)).toBe(first.updates.length);
        expect(store.logLength(otherPolicyId)).toBe(second.updates.length);
        store.compact(policyId, Y.encodeStateAsUpdate(first.doc));
        expect(store.logLength(otherPolicyId)).toBe(second.updates.length);
        expect(contentOf(loadedDocument(store, otherPolicyId))).toEqual(contentOf(second.doc));
      });
    });

    describe('appending', () => {
      it('keeps who sent each update and which sections it touched', () => {
        const { updates } = editedDocument(3);
        const batch = [entry(updates[0]!, 'user-ada', ['s1', 's2']), entry(updates[1]!, null, []), entry(updates[2]!, 'user-bo', ['s2'])];
        store.append(policyId, batch);
        expect(store.log(policyId).map(({ userId, sections }) => ({ userId, sections }))).toEqual([
          { userId: 'user-ada', sections: ['s1', 's2'] },
          { userId: null, sections: [] },
          { userId: 'user-bo', sections: ['s2'] },
        ]);
        expect(store.log(policyId).map(({ update }) => [...update])).toEqual(updates.map((update) => [...update]));
      });

      it('appends a batch as one: all of it counts at once', () => {
        const { updates } = editedDocument(4);
        store.append(policyId, updates.map((update) => entry(update, 'user-ada', ['s1'])));
        expect(store.logLength(policyId)).toBe(4);
        store.append(policyId, []);
        expect(store.logLength(policyId)).toBe(4);
      });

      it('leaves nothing of a batch that fails half-way', () => {
        const { updates } = editedDocument(4);
        store.append(policyId, [entry(updates[0]!)]);
        const unreadable: StoredUpdate = {
          update: updates[2]!,
          userId: null,
          get sections(): string[] {
            throw new Error('this entry cannot be read');
          },
        };
        expect(() => store.append(policyId, [entry(updates[1]!), unreadable, entry(updates[3]!)])).toThrow('this entry cannot be read');
        expect(store.logLength(policyId)).toBe(1);
        expect(store.load(policyId).updates.map((update) => [...update])).toEqual([[...updates[0]!]]);
      });

      it('runs what must be written alongside once, and stores nothing when it throws', () => {
        const { updates } = editedDocument(3);
        let runs = 0;
        store.append(policyId, [entry(updates[0]!)], () => (runs += 1));
        expect(runs).toBe(1);
        expect(store.logLength(policyId)).toBe(1);
        expect(() =>
          store.append(policyId, [entry(updates[1]!), entry(updates[2]!)], () => {
            throw new Error('the audit entry cannot be written');
          }),
        ).toThrow('the audit entry cannot be written');
        expect(store.logLength(policyId)).toBe(1);
        // With no updates at all, it still runs (a server change that changed nothing is still recorded).
        store.append(policyId, [], () => (runs += 1));
        expect(runs).toBe(2);
      });

      it('stores the bytes of a view, and a copy of them', () => {
        const { doc, updates } = editedDocument(1);
        const update = updates[0]!;
        const larger = new Uint8Array(update.byteLength + 16).fill(7);
        larger.set(update, 8);
        const view = larger.subarray(8, 8 + update.byteLength);
        store.append(policyId, [entry(view)]);
        larger.fill(0);
        expect([...store.load(policyId).updates[0]!]).toEqual([...update]);
        expect(contentOf(loadedDocument(store, policyId))).toEqual(contentOf(doc));
      });
    });

    describe('appending several policies at once', () => {
      it("stores each policy's updates, in order, with their authors and sections", () => {
        const first = editedDocument(3);
        const second = editedDocument(2);
        store.append(policyId, [entry(first.updates[0]!)]);
        store.appendBatches([
          { policyId, updates: first.updates.slice(1).map((update) => entry(update, 'user-ada', ['s1'])) },
          { policyId: otherPolicyId, updates: second.updates.map((update) => entry(update, null, ['s9'])) },
        ]);
        expect(store.logLength(policyId)).toBe(3);
        expect(store.logLength(otherPolicyId)).toBe(2);
        expect(contentOf(loadedDocument(store, policyId))).toEqual(contentOf(first.doc));
        expect(contentOf(loadedDocument(store, otherPolicyId))).toEqual(contentOf(second.doc));
        expect(store.log(policyId).map(({ userId, sections }) => ({ userId, sections }))).toEqual([
          { userId: null, sections: [] },
          { userId: 'user-ada', sections: ['s1'] },
          { userId: 'user-ada', sections: ['s1'] },
        ]);
        expect(store.log(otherPolicyId).map(({ update }) => [...update])).toEqual(second.updates.map((update) => [...update]));
        store.appendBatches([]);
        expect(store.logLength(policyId)).toBe(3);
      });

      it('stores nothing of any policy when one batch fails half-way', () => {
        const first = editedDocument(2);
        const second = editedDocument(2);
        const unreadable: StoredUpdate = {
          update: second.updates[1]!,
          userId: null,
          get sections(): string[] {
            throw new Error('this entry cannot be read');
          },
        };
        expect(() =>
          store.appendBatches([
            { policyId, updates: first.updates.map((update) => entry(update)) },
            { policyId: otherPolicyId, updates: [entry(second.updates[0]!), unreadable] },
          ]),
        ).toThrow('this entry cannot be read');
        expect(store.logLength(policyId)).toBe(0);
        expect(store.logLength(otherPolicyId)).toBe(0);
        expect(store.load(policyId).updates).toEqual([]);
      });
    });

    describe('compaction', () => {
      it('replaces the log by one snapshot and keeps the content equal', () => {
        const { doc, updates } = editedDocument(8);
        store.append(policyId, updates.map((update) => entry(update, 'user-ada', ['s1'])));
        const snapshot = Y.encodeStateAsUpdate(doc);
        store.compact(policyId, snapshot);
        expect(store.logLength(policyId)).toBe(0);
        expect(store.log(policyId)).toEqual([]);
        const loaded = store.load(policyId);
        expect(loaded.logLength).toBe(0);
        expect(loaded.updates.map((update) => [...update])).toEqual([[...snapshot]]);
        expect(contentOf(loadedDocument(store, policyId))).toEqual(contentOf(doc));
      });

      it('loads the snapshot first, then what was appended after it', () => {
        const { doc, updates } = editedDocument(6);
        store.append(policyId, updates.slice(0, 3).map((update) => entry(update)));
        const partial = new Y.Doc();
        for (const update of updates.slice(0, 3)) Y.applyUpdate(partial, update);
        store.compact(policyId, Y.encodeStateAsUpdate(partial));
        store.append(policyId, updates.slice(3).map((update) => entry(update)));
        const loaded = store.load(policyId);
        expect(loaded.logLength).toBe(3);
        expect(loaded.updates).toHaveLength(4);
        expect(contentOf(loadedDocument(store, policyId))).toEqual(contentOf(doc));
      });

      it('a second compaction replaces the first snapshot', () => {
        const { doc, updates } = editedDocument(4);
        store.compact(policyId, Y.encodeStateAsUpdate(new Y.Doc()));
        store.append(policyId, updates.map((update) => entry(update)));
        store.compact(policyId, Y.encodeStateAsUpdate(doc));
        expect(store.load(policyId).updates).toHaveLength(1);
        expect(contentOf(loadedDocument(store, policyId))).toEqual(contentOf(doc));
      });

      it('stores a new policy from a snapshot alone', () => {
        const { doc } = editedDocument(3);
        store.compact(policyId, Y.encodeStateAsUpdate(doc));
        expect(contentOf(loadedDocument(store, policyId))).toEqual(contentOf(doc));
        expect(store.logLength(policyId)).toBe(0);
      });
    });

    describe('a kept reading', () => {
      it('is answered while the stored document is the one it was read from', () => {
        const { doc, updates } = editedDocument(4);
        store.compact(policyId, Y.encodeStateAsUpdate(new Y.Doc()));
        store.append(policyId, updates.slice(0, 2).map((update) => entry(update)));
        expect(store.keptReading(policyId)).toBeNull();
        expect(store.keepReading(policyId, 2, () => 'read at 2')).toBe(true);
        expect(store.keptReading(policyId)).toBe('read at 2');
        expect(store.keptReading(otherPolicyId)).toBeNull();
        // Anything logged after it, and it no longer holds.
        store.append(policyId, updates.slice(2).map((update) => entry(update)));
        expect(store.keptReading(policyId)).toBeNull();
        expect(contentOf(loadedDocument(store, policyId))).toEqual(contentOf(doc));
      });

      it('is not kept when the document changed since it was loaded, and is not even computed', () => {
        const { updates } = editedDocument(3);
        store.compact(policyId, Y.encodeStateAsUpdate(new Y.Doc()));
        store.append(policyId, updates.map((update) => entry(update)));
        let computed = 0;
        const reading = () => {
          computed += 1;
          return 'stale';
        };
        expect(store.keepReading(policyId, 2, reading)).toBe(false);
        expect(store.keepReading('policy-never-stored', 0, reading)).toBe(false);
        expect(computed).toBe(0);
        expect(store.keptReading(policyId)).toBeNull();
      });

      it('is dropped by a compaction, even one that leaves the log as long as before', () => {
        const { doc } = editedDocument(2);
        store.compact(policyId, Y.encodeStateAsUpdate(new Y.Doc()));
        expect(store.keepReading(policyId, 0, () => 'the empty document')).toBe(true);
        expect(store.keptReading(policyId)).toBe('the empty document');
        store.compact(policyId, Y.encodeStateAsUpdate(doc));
        expect(store.keptReading(policyId)).toBeNull();
      });

      it('a newer reading replaces an older one', () => {
        const { updates } = editedDocument(2);
        store.compact(policyId, Y.encodeStateAsUpdate(new Y.Doc()));
        expect(store.keepReading(policyId, 0, () => 'first')).toBe(true);
        store.append(policyId, updates.map((update) => entry(update)));
        expect(store.keepReading(policyId, 2, () => 'second')).toBe(true);
        expect(store.keptReading(policyId)).toBe('second');
      });
    });
  });
}
