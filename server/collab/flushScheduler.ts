import type { DocumentStore, StoredUpdate } from '../storage/documentStore';

/** What the scheduler needs of a room: its pending updates, and what to do once they are stored or refused. */
export interface FlushTarget<Pending extends StoredUpdate = StoredUpdate> {
  readonly policyId: string;
  /** Hands over the updates waiting to be stored (none once the room closed). */
  takePending(): Pending[];
  /** The updates are committed: relay them. */
  stored(updates: Pending[]): void;
  /** Storage refused them: nothing of them is stored. */
  storageFailed(updates: Pending[], error: unknown): void;
}

/**
 * Writes the updates of every room that received some in one event-loop turn in one
 * transaction at the end of that turn, then lets each room relay its own: one commit per turn
 * instead of one per room, and still nothing relayed before it is on disk. When the shared
 * transaction fails, each room's updates are tried alone, so a write only one policy's storage
 * refuses closes that room and no other.
 */
export class FlushScheduler<Pending extends StoredUpdate = StoredUpdate> {
  private readonly waiting = new Set<FlushTarget<Pending>>();
  private scheduled = false;

  constructor(private readonly store: DocumentStore) {}

  /** Flushes `target` at the end of this turn, with every other room scheduled in it. */
  schedule(target: FlushTarget<Pending>): void {
    this.waiting.add(target);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flushAll());
  }

  /** Stores what every scheduled room holds, in one transaction, then relays room by room. */
  flushAll(): void {
    const batches = this.takeAll();
    if (batches.length === 0) return;
    try {
      this.store.appendBatches(batches.map(({ target, updates }) => ({ policyId: target.policyId, updates })));
    } catch (error) {
      if (batches.length === 1) {
        batches[0]!.target.storageFailed(batches[0]!.updates, error);
        return;
      }
      // The transaction rolled back whole: nothing is stored, so each room's updates can be tried alone.
      for (const { target, updates } of batches) this.flushOne(target, updates);
      return;
    }
    for (const { target, updates } of batches) target.stored(updates);
  }

  /** Hands over what every scheduled room holds, room by room, and clears the schedule. */
  private takeAll(): { target: FlushTarget<Pending>; updates: Pending[] }[] {
    this.scheduled = false;
    const batches: { target: FlushTarget<Pending>; updates: Pending[] }[] = [];
    for (const target of this.waiting) {
      const updates = target.takePending();
      if (updates.length > 0) batches.push({ target, updates });
    }
    this.waiting.clear();
    return batches;
  }

  /**
   * Stores one room's updates now, in their own transaction (with `alongside`'s writes, see
   * DocumentStore.append), then relays them.
   */
  flushOne(target: FlushTarget<Pending>, updates: Pending[], alongside?: () => void): void {
    try {
      this.store.append(target.policyId, updates, alongside);
    } catch (error) {
      target.storageFailed(updates, error);
      return;
    }
    target.stored(updates);
  }
}
