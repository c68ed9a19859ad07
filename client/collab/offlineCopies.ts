/**
 * The browser's copies of policies (IndexedDB, one per person and policy), kept apart from the
 * Yjs code so that the header, on every page, can clear them without loading the editor.
 */

/**
 * The browser's copy of a policy, per person and policy, so one person's copy never opens for
 * another on a shared computer. Ids are letters and digits only, so the prefix is unambiguous.
 */
export function offlineCopyName(userId: string, policyId: string): string {
  return `accord-${userId}-${policyId}`;
}

/** Each open document's "does it hold changes the server has not confirmed?" */
const openDocuments = new Set<() => boolean>();
/** Copies opened in this tab, for browsers without `indexedDB.databases()`. */
const openedCopies = new Set<string>();

/** Tells the header that a document is open here; the returned function says it closed. */
export function trackOpenDocument(copyName: string, unsent: () => boolean): () => void {
  openedCopies.add(copyName);
  openDocuments.add(unsent);
  return () => openDocuments.delete(unsent);
}

/** Whether any open policy holds changes made here that the server has not confirmed storing. */
export function hasUnsentChanges(): boolean {
  for (const unsent of openDocuments) if (unsent()) return true;
  return false;
}

/**
 * Deletes this person's offline copies (`accord-<userId>-*`) and the old per-policy copies of
 * every person (`accord-policy-*`, from before copies were per person). A copy still open is
 * deleted as soon as its page closes it.
 */
export async function clearOfflineCopies(userId: string): Promise<void> {
  const names = new Set(openedCopies);
  try {
    for (const database of (await indexedDB.databases?.()) ?? []) {
      if (database.name && (database.name.startsWith(`accord-${userId}-`) || database.name.startsWith('accord-policy-'))) names.add(database.name);
    }
  } catch {
    // Listing is not supported here: the copies opened in this tab are still deleted.
  }
  await Promise.all(
    [...names].map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = () => resolve();
        }),
    ),
  );
  openedCopies.clear();
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(`accord-${userId}-`) && key.endsWith('-held')) localStorage.removeItem(key);
  } catch {
    // localStorage blocked: nothing was held there
  }
}

/** Edits in a copy that the server refused (read-only, session ended, access removed), kept to offer back. */
export interface HeldChanges {
  /** How many local edits the server has not taken. */
  count: number;
  /** ISO time of the first of them. */
  since: string;
}

const heldKey = (copyName: string) => `${copyName}-held`;

/** The refused edits a copy holds, if any (kept in localStorage so they survive signing in again). */
export function heldChanges(copyName: string): HeldChanges | null {
  try {
    const raw = localStorage.getItem(heldKey(copyName));
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { count, since } = parsed as Record<string, unknown>;
    return typeof count === 'number' && count > 0 && typeof since === 'string' ? { count, since } : null;
  } catch {
    return null;
  }
}

/** Records that a copy holds edits the server refused; the edits themselves stay in the copy. */
export function holdChanges(copyName: string, held: HeldChanges): void {
  try {
    localStorage.setItem(heldKey(copyName), JSON.stringify(held));
  } catch {
    // Storage full or blocked: the edits are still in the copy, only the offer is lost.
  }
}

/** The person applied or discarded the held edits. */
export function releaseHeldChanges(copyName: string): void {
  try {
    localStorage.removeItem(heldKey(copyName));
  } catch {
    // nothing to release
  }
}
