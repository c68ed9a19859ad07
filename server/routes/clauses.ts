import type { Router } from 'express';
import { api } from '../../shared/api/routes';
import { currentUser } from '../auth/access';
import { HttpError } from '../httpError';
import { presentClauseDetail, presentClauseSummary } from '../presenters/clause';
import type { ClauseActor, ClauseService } from '../services/clauses';
import type { PolicyService } from '../services/policies';
import type { User } from '../services/accounts';
import type { ClauseCatalog } from '../templates/clauseCatalog';
import { contractRouter } from './contractRouter';
import { requirePolicy } from './policies';

function actorOf(user: User): ClauseActor {
  return { id: user.id, name: user.name, department: user.department, role: user.role };
}

/** The clause library: list with filters, and one clause with its text. */
export function clauseRoutes(catalog: ClauseCatalog): Router {
  const { router, route } = contractRouter('/api/clauses');
  route(api.listClauses, ({ query, reply }) => {
    reply(200, { clauses: catalog.search(query).map(presentClauseSummary), total: catalog.clauses.length });
  });
  route(api.getClause, ({ params, reply }) => {
    const clause = catalog.get(params.id);
    if (!clause) throw new HttpError(404, 'No clause with this id');
    reply(200, presentClauseDetail(clause));
  });
  return router;
}

/** Clauses inside a policy: insert one as a section or into a section, see where they came from, take an update. */
export function policyClauseRoutes(deps: { policies: PolicyService; clauses: ClauseService }): Router {
  const { policies, clauses } = deps;
  const { router, route } = contractRouter('/api/policies');

  route(api.insertClauseSection, ({ params, body, request, reply }) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, params.id, user, 'change');
    const result = clauses.insertSection(policy, body.clauseId, body.after ?? null, actorOf(user));
    reply(201, { sectionId: result.sectionId, clauseId: body.clauseId, version: result.version });
  });

  route(api.insertClauseIntoSection, ({ params, body, request, reply }) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, params.id, user, 'change');
    const result = clauses.insertIntoSection(policy, params.sectionId, body.clauseId, body.before ?? null, actorOf(user));
    reply(201, { sectionId: params.sectionId, clauseId: body.clauseId, version: result.version });
  });

  route(api.listPolicyClauses, ({ params, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    reply(200, { clauses: clauses.provenance(policy) });
  });

  route(api.takeClauseUpdate, ({ params, request, reply }) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, params.id, user, 'change');
    const result = clauses.takeUpdate(policy, params.sectionId, params.clauseId, actorOf(user));
    reply(200, { sectionId: params.sectionId, clauseId: params.clauseId, version: result.version });
  });

  return router;
}
