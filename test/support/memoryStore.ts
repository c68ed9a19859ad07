import type { DocumentStore, PolicyUpdates, StoredUpdate } from '../../server/storage/documentStore';

interface StoredPolicy {
  snapshot: Uint8Array | null;
  /** What was read out of the stored document, and how many logged updates it covered. */
  reading: { json: string; logLength: number } | null;
  log: StoredUpdate[];
}

const copy = (bytes: Uint8Array) => new Uint8Array(bytes);

/**
 * A DocumentStore in memory, for unit tests of rooms: it passes the same contract suite as the
 * SQLite store. Stored bytes are copies (a caller reusing its buffer changes nothing stored);
 * a batch is read whole before any of it is kept, so a failing batch leaves nothing. Setting
 * `failure` makes every write throw it, the way a full or read-only disk does; putting a policy in
 * `failingPolicies` makes only writes that include it throw.
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly policies = new Map<string, StoredPolicy>();
  /** When set, append and compact throw it and store nothing. */
  failure: Error | null = null;
  /** When a write includes one of these policies, it throws and stores nothing. */
  readonly failingPolicies = new Set<string>();
  /** Policy batches appended so far (one per room per flush). */
  appendCount = 0;
  /** Write transactions committed so far (append, appendBatches and compact count one each). */
  transactionCount = 0;
  /** Called at the start of every write, before anything is kept (tests look at what was relayed by then). */
  onWrite: (() => void) | null = null;

  private policy(policyId: string): StoredPolicy {
    let policy = this.policies.get(policyId);
    if (!policy) this.policies.set(policyId, (policy = { snapshot: null, reading: null, log: [] }));
    return policy;
  }

  load(policyId: string): { updates: Uint8Array[]; logLength: number } {
    const policy = this.policies.get(policyId);
    if (!policy) return { updates: [], logLength: 0 };
    const log = policy.log.map((entry) => copy(entry.update));
    return { updates: policy.snapshot ? [copy(policy.snapshot), ...log] : log, logLength: log.length };
  }

  append(policyId: string, updates: readonly StoredUpdate[], alongside?: () => void): void {
    this.commit([{ policyId, updates }], alongside);
  }

  appendBatches(batches: readonly PolicyUpdates[]): void {
    this.commit(batches);
  }

  private commit(batches: readonly PolicyUpdates[], alongside?: () => void): void {
    this.beginWrite(batches.map((batch) => batch.policyId));
    // Before anything is kept: when it throws, nothing is, as a rolled-back transaction keeps nothing.
    alongside?.();
    const read = batches.map(({ policyId, updates }) => ({ policyId, entries: updates.map(({ update, userId, sections }) => ({ update: copy(update), userId, sections: [...sections] })) }));
    for (const { policyId, entries } of read) this.policy(policyId).log.push(...entries);
    this.appendCount += batches.length;
    this.transactionCount += 1;
  }

  private beginWrite(policyIds: readonly string[]): void {
    this.onWrite?.();
    if (this.failure) throw this.failure;
    const failing = policyIds.find((policyId) => this.failingPolicies.has(policyId));
    if (failing !== undefined) throw Object.assign(new Error(`storage refuses writes of ${failing}`), { code: 'SQLITE_IOERR' });
  }

  compact(policyId: string, snapshot: Uint8Array): void {
    this.beginWrite([policyId]);
    this.transactionCount += 1;
    const policy = this.policy(policyId);
    policy.snapshot = copy(snapshot);
    policy.reading = null;
    policy.log = [];
  }

  keptReading(policyId: string): string | null {
    const policy = this.policies.get(policyId);
    return policy?.reading && policy.reading.logLength === policy.log.length ? policy.reading.json : null;
  }

  keepReading(policyId: string, logLength: number, reading: () => string): boolean {
    const policy = this.policies.get(policyId);
    if (!policy?.snapshot || policy.log.length !== logLength) return false;
    this.beginWrite([policyId]);
    this.transactionCount += 1;
    policy.reading = { json: reading(), logLength };
    return true;
  }

  logLength(policyId: string): number {
    return this.policies.get(policyId)?.log.length ?? 0;
  }

  log(policyId: string): StoredUpdate[] {
    return (this.policies.get(policyId)?.log ?? []).map((entry) => ({ ...entry, update: copy(entry.update), sections: [...entry.sections] }));
  }
}
