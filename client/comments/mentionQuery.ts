/** A name that can be mentioned with "@". */
export interface MentionCandidate {
  kind: 'person' | 'department';
  id: string;
  name: string;
  /** Shown beside the name: the person's department, or "Department". */
  detail: string;
}

/** The "@…" being typed just before the caret, if any: where the "@" is and what follows it. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  // An "@" inside a word (an email address) starts no mention.
  if (at > 0 && /[\p{L}\p{N}_.]/u.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /\s{2}/.test(query)) return null;
  return { start: at, query };
}

/** Candidates whose name, or a word of it, starts with the query (case-insensitive); names starting with it first. */
export function matchMentions(candidates: readonly MentionCandidate[], query: string, limit = 8): MentionCandidate[] {
  const wanted = query.trim().toLocaleLowerCase();
  const scored = candidates.flatMap((candidate) => {
    const name = candidate.name.toLocaleLowerCase();
    if (name.startsWith(wanted)) return [{ candidate, rank: 0 }];
    if (name.split(/\s+/).some((word) => word.startsWith(wanted))) return [{ candidate, rank: 1 }];
    return [];
  });
  return scored
    .sort((a, b) => a.rank - b.rank || a.candidate.name.localeCompare(b.candidate.name))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/** The text with the "@query" at `start` replaced by "@Name ", and where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}
