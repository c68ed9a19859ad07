import type { Mention } from '../api/comments';

/** Someone or some department a comment may name with "@". */
export interface MentionCandidate {
  kind: Mention['kind'];
  id: string;
  name: string;
}

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * The people and departments a comment names: `@Full Name` or `@Department name`, matched
 * case-insensitively against the candidates, the longest name first (so "@Ana Lima" is Ana Lima,
 * not a person called Ana). An "@" inside a word (an email address) names nobody, and a name must
 * end where a word ends. Each one is listed once, in the order first named.
 */
export function findMentions(body: string, candidates: readonly MentionCandidate[]): Mention[] {
  const named = candidates
    .map((candidate) => ({ ...candidate, folded: candidate.name.trim().toLocaleLowerCase() }))
    .filter((candidate) => candidate.folded.length > 0)
    .sort((a, b) => b.folded.length - a.folded.length);
  const folded = body.toLocaleLowerCase();
  const found: Mention[] = [];
  const seen = new Set<string>();
  for (let at = folded.indexOf('@'); at >= 0; at = folded.indexOf('@', at + 1)) {
    if (at > 0 && WORD_CHARACTER.test(body[at - 1]!)) continue;
    const match = named.find((candidate) => {
      if (!folded.startsWith(candidate.folded, at + 1)) return false;
      const after = body[at + 1 + candidate.folded.length];
      return after === undefined || !WORD_CHARACTER.test(after);
    });
    if (!match) continue;
    const key = `${match.kind}:${match.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ kind: match.kind, id: match.id, name: match.name });
  }
  return found;
}
