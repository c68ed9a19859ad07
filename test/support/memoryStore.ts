import type { DocumentStore, StoredUpdate } from '../../server/storage/documentStore';

interface StoredPolicy {
  snapshot: Uint8Array | null;
  log: StoredUpdate[];
}

const copy = (bytes: Uint8Array) => new Uint8Array(bytes);

/**
 * A DocumentStore in memory, for unit tests of rooms: it passes the same contract suite as the
 * SQLite store. Stored bytes are copies (a caller reusing its buffer changes nothing stored);
 * a batch is read whole before any of it is kept, so a failing batch leaves nothing. Setting
 * `failure` makes every write throw it, the way a full or read-only disk does.
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly policies = new Map<string, StoredPolicy>();
  /** When set, append and compact throw it and store nothing. */
  failure: Error | null = null;
  /** Batches appended so far (one per flush of a room). */
  appendCount = 0;

  private policy(policyId: string): StoredPolicy {
    let policy = this.policies.get(policyId);
    if (!policy) this.policies.set(policyId, (policy = { snapshot: null, log: [] }));
    return policy;
  }

  load(policyId: string): { updates: Uint8Array[]; logLength: number } {
    const policy = this.policies.get(policyId);
    if (!policy) return { updates: [], logLength: 0 };
    const log = policy.log.map((entry) => copy(entry.update));
    return { updates: policy.snapshot ? [copy(policy.snapshot), ...log] : log, logLength: log.length };
  }

  append(policyId: string, updates: readonly StoredUpdate[]): void {
    if (this.failure) throw this.failure;
    const entries = updates.map(({ update, userId, sections }) => ({ update: copy(update), userId, sections: [...sections] }));
    this.policy(policyId).log.push(...entries);
    this.appendCount += 1;
  }

  compact(policyId: string, snapshot: Uint8Array): void {
    if (this.failure) throw this.failure;
    const policy = this.policy(policyId);
    policy.snapshot = copy(snapshot);
    policy.log = [];
  }

  logLength(policyId: string): number {
    return this.policies.get(policyId)?.log.length ?? 0;
  }

  log(policyId: string): StoredUpdate[] {
    return (this.policies.get(policyId)?.log ?? []).map((entry) => ({ ...entry, update: copy(entry.update), sections: [...entry.sections] }));
  }
}
