import type { ClauseDetail, ClauseSummary } from '../../shared/api/clauses';
import { clauseExcerpt } from '../templates/clauseCatalog';
import type { LibraryClause } from '../templates/clauseLoader';

/** A clause as the list shows it. */
export function presentClauseSummary(clause: LibraryClause): ClauseSummary {
  return {
    id: clause.id,
    title: clause.title,
    group: clause.group,
    sectors: [...clause.sectors],
    owner: clause.owner,
    approvers: [...clause.approvers],
    laws: [...clause.laws],
    reviewed: clause.reviewed,
    version: clause.version,
    jurisdiction: clause.jurisdiction,
    volatile: clause.volatile,
    excerpt: clauseExcerpt(clause.text),
  };
}

/** A clause with its content, for the preview. */
export function presentClauseDetail(clause: LibraryClause): ClauseDetail {
  return { ...presentClauseSummary(clause), content: structuredClone(clause.content) as ClauseDetail['content'], text: clause.text };
}
