import { CLAUSE_GROUP_LABELS, CLAUSE_GROUPS, type ClauseListQuery } from '../../shared/api/clauses';
import type { Logger } from '../logger';
import { loadClauses, type LibraryClause } from './clauseLoader';
import { queryWords } from './templateSearch';

/** Characters of a clause's text in the list's excerpt. */
const EXCERPT_LENGTH = 180;

interface IndexedClause {
  clause: LibraryClause;
  /** Every distinct word of its title, group, laws and text (normalized as the template search does). */
  vocabulary: string[];
  /** The words of its laws alone, for the law filter. */
  lawWords: string[];
}

/** Whether every wanted word starts one of the words. */
function hasEvery(words: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((word) => words.some((candidate) => candidate.startsWith(word)));
}

/** The start of a clause's text on one line, cut at a word. */
export function clauseExcerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_LENGTH) return flat;
  const cut = flat.lastIndexOf(' ', EXCERPT_LENGTH);
  return `${flat.slice(0, cut > 40 ? cut : EXCERPT_LENGTH)}…`;
}

/**
 * The clause library, validated once at start-up, with a word index for the clause browser:
 * like the template search, a clause matches when every word of the search starts a word in
 * it ("HIPAA" finds the healthcare clauses, "endors" finds "endorsement").
 */
export class ClauseCatalog {
  readonly clauses: LibraryClause[];
  private readonly index: IndexedClause[];
  private readonly byId: Map<string, LibraryClause>;

  constructor(clauses: LibraryClause[]) {
    // The browser lists groups in the order, clauses in file order within a group.
    this.clauses = [...clauses].sort((a, b) => CLAUSE_GROUPS.indexOf(a.group) - CLAUSE_GROUPS.indexOf(b.group));
    this.byId = new Map(this.clauses.map((clause) => [clause.id, clause]));
    this.index = this.clauses.map((clause) => ({
      clause,
      vocabulary: queryWords(`${clause.title} ${CLAUSE_GROUP_LABELS[clause.group]} ${clause.laws.join(' ')} ${clause.jurisdiction ?? ''} ${clause.text}`),
      lawWords: queryWords(clause.laws.join(' ')),
    }));
  }

  /** Loads the library folder; a broken file is logged and skipped, never fatal. */
  static load(directory: string, logger: Logger, now = Date.now()): ClauseCatalog {
    const { clauses, errors } = loadClauses(directory, now);
    for (const error of errors) logger.error('clauses.invalid', { file: error.file, line: error.line, field: error.field, problem: error.problem });
    logger.info('clauses.loaded', { count: clauses.length, invalid: errors.length });
    return new ClauseCatalog(clauses);
  }

  get(id: string): LibraryClause | undefined {
    return this.byId.get(id);
  }

  /** The clauses matching every filter given, in library order. */
  search(filters: ClauseListQuery): LibraryClause[] {
    const words = queryWords(filters.q ?? '');
    const lawWords = queryWords(filters.law ?? '');
    return this.index
      .filter(({ clause, vocabulary, lawWords: laws }) => {
        if (filters.group && clause.group !== filters.group) return false;
        if (filters.sector && !clause.sectors.includes('all') && !clause.sectors.includes(filters.sector)) return false;
        if (filters.owner && clause.owner !== filters.owner) return false;
        if (lawWords.length > 0 && !hasEvery(laws, lawWords)) return false;
        return words.length === 0 || hasEvery(vocabulary, words);
      })
      .map(({ clause }) => clause);
  }
}
