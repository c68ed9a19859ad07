import { z } from 'zod/mini';

/** What the server keeps in `after` of a clause audit entry (see server/services/clauses.ts). */
const clauseValueSchema = z.object({
  clause: z.object({ id: z.string(), title: z.optional(z.string()), version: z.number(), previousVersion: z.optional(z.number()) }),
});

/**
 * How the history words a clause entry, after the person's name: "inserted the library clause
 * “X” into “Section”" or "took version 3 of the library clause “X” in “Section”".
 */
export function clauseAuditWords(entry: { kind: 'clause_inserted' | 'clause_updated'; sectionTitle: string; after: unknown }): string {
  const section = `“${entry.sectionTitle || 'Untitled section'}”`;
  const parsed = clauseValueSchema.safeParse(entry.after);
  const clause = parsed.success ? parsed.data.clause : null;
  const name = clause ? `the library clause “${clause.title || clause.id}”` : 'a library clause';
  if (entry.kind === 'clause_inserted') return `inserted ${name} into ${section}`;
  return clause ? `took version ${clause.version} of ${name} in ${section}` : `took a newer version of a library clause in ${section}`;
}
