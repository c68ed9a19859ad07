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
}
