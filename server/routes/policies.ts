import type { Router } from 'express';
import { api } from '../../shared/api/routes';
import type { Department } from '../../shared/departments';
import { POLICY_ID_PATTERN } from '../../shared/protocol';
import { currentUser } from '../auth/access';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import type { Clock } from '../clock';
import type { PolicyService } from '../services/policies';
import { summaryOf } from '../services/policySummaries';
import type { PolicyRole } from '../services/policyAccess';
import type { User } from '../services/accounts';
import { memberRoutes } from './members';
import { blankPolicyJSON } from '../services/policyDocuments';
import type { PolicyEvents } from '../services/policyEvents';
import { actorOf, type SignoffService } from '../services/signoffs';
import type { CommentService } from '../services/comments';
import { attachmentDisposition, exportPolicy } from '../export';
import { buildExportInput } from '../services/policyExport';
import type { Rooms } from '../collab/rooms';
import type { ReadabilityStore } from '../services/readabilityCache';
import type { TemplateCatalog } from '../templates/templateCatalog';
import { templateDepartments, templateDocument } from '../templates/templateLoader';
import { checkPlaceholderNames, type PlaceholderService } from '../services/placeholders';
import { ServerOrigin } from '../collab/origins';
import { findSectionElement, mirrorRequirement, sectionTitle } from '../collab/sectionGuard';
import { sameRequirement, type RequirementService } from '../services/requirements';
import { presentAuditEntry } from '../presenters/audit';
import { presentPolicyDetail, presentPolicySummary, presentSignedContent, presentUnreadablePolicy, presentUpdatedPolicy, presentVersionChanges } from '../presenters/policy';
import { presentEndorsement, presentSignoffEvent } from '../presenters/signoff';
import { contractRouter } from './contractRouter';
import { normalizeApprovers, readSections, readTitle } from '../../shared/sections';
import { signingDepartments } from '../../shared/signoffRules';
import { dayOf, reviewDateProblem, utcDayNumber } from '../../shared/reviewDate';

/**
 * Who can sign for each department the policy asks (editors and admins of that department who
 * may open it) and who can give edit access (admins, and a members-only policy's editors).
 */
function policyPeople(policies: PolicyService, policyId: string, departments: readonly string[], people: Pick<User, 'id' | 'name' | 'department' | 'role'>[]) {
  const byName = [...people].sort((a, b) => a.name.localeCompare(b.name));
  const canSign = byName.filter((person) => {
    const role = policies.access.roleOn(policyId, person);
    return role === 'admin' || role === 'editor';
  });
  return {
    signers: departments.map((department) => ({ department, people: canSign.filter((person) => person.department === department) })),
    accessGrantors: byName.filter((person) => policies.access.mayManage(policyId, person)),
  };
}

interface PolicyDeps {
  policies: PolicyService;
  signoffs: SignoffService;
  /** Open comment threads, for exports that ask for them. */
  comments: Pick<CommentService, 'list'>;
  requirements: RequirementService;
  /** The organization's departments: whether one can be given sections now, and its name. */
  departments: { isAssignable(id: string): boolean; name(id: string): string; list(options: { includeArchived: boolean }): Department[] };
  events: PolicyEvents;
  catalog: TemplateCatalog;
  rooms: Rooms;
  /** Reading levels kept on disk, read before a policy's sections are presented. */
  readability: Pick<ReadabilityStore, 'prime'>;
  logger: Logger;
  /** Today, for "a review day not in the past". */
  clock: Clock;
  /** Every account, to name who can sign for each department and who can give edit access. */
  people?: { list(): Pick<User, 'id' | 'name' | 'department' | 'role'>[] };
  /** Stores the placeholder values given at creation. */
  placeholders?: Pick<PlaceholderService, 'store'>;
  /** The organization's name as an admin set it: a new policy made without one is made for it. */
  organizationName?: () => string | null;
}

export function policyRoutes(deps: PolicyDeps): Router {
  const { policies, signoffs, catalog, logger } = deps;
  const { router, route } = contractRouter('/api/policies');

  route(api.listPolicies, ({ request, reply }) => {
    // Stored summaries: the list opens no document, except once for a policy that has none yet.
    const summaries = policies.summaryById();
    reply(
      200,
      policies.listFor(currentUser(request)).map((policy) => {
        const summary = summaries.get(policy.id);
        if (summary) return presentPolicySummary(policy, summary);
        try {
          return presentPolicySummary(policy, summaryOf(signoffs.state(policy.id)));
        } catch (error) {
          // One unreadable policy must not hide every other one from the list.
          logger.error('policy.unreadable', { policy: policy.id, error });
          return presentUnreadablePolicy(policy);
        }
      }),
    );
  });

  route(api.createPolicy, ({ body: given, request, reply }) => {
    const input = given.organization === undefined ? { ...given, organization: deps.organizationName?.() ?? undefined } : given;
    let content = blankPolicyJSON(input.title, currentUser(request).department);
    const placeholderValues = input.placeholders ?? {};
    checkPlaceholderNames(placeholderValues, 'placeholders');
    if (input.templateId) {
      const template = catalog.get(input.templateId);
      if (!template) throw new HttpError(400, 'templateId: no template with this id', { field: 'templateId' });
      const departmentMap: Record<string, string> = {};
      const missing: string[] = [];
      for (const id of templateDepartments(template)) {
        const mapped = input.departmentMap?.[id];
        if (mapped !== undefined) {
          if (!deps.departments.isAssignable(mapped)) {
            throw new HttpError(400, `departmentMap.${id}: "${mapped}" is not one of the organization's departments (or it is archived)`, { field: `departmentMap.${id}` });
          }
          departmentMap[id] = mapped;
        } else if (!deps.departments.isAssignable(id)) missing.push(id);
      }
      if (missing.length > 0) {
        throw new HttpError(
          400,
          `departmentMap: this template gives sections to departments your organization does not have: ${missing.join(', ')}. Say which of your departments takes each of them.`,
          { field: 'departmentMap', missingDepartments: missing },
        );
      }
      content = templateDocument(template, { title: input.title, organization: input.organization ?? '', departmentMap, placeholders: placeholderValues });
    }
    const creator = currentUser(request);
    const policy = policies.create({ title: input.title, organization: input.organization ?? '', templateId: input.templateId ?? null, content, createdBy: { id: creator.id, name: creator.name } });
    deps.placeholders?.store(policy.id, { ...(input.organization ? { organization: input.organization } : {}), ...placeholderValues }, creator.id);
    logger.info('policy.created', { policy: policy.id, by: creator.id, template: input.templateId ?? null });
    reply(201, { id: policy.id });
  });

  route(api.getPolicy, async ({ params, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    const canShare = policies.access.mayManage(policy.id, currentUser(request));
    const state = signoffs.state(policy.id);
    // Scores known on disk are read in one query; sections never scored are scored in slices, so a long policy does not hold the event loop.
    await deps.readability.prime(state.live);
    reply(200, presentPolicyDetail(policy, canShare, state, signoffs.lastChanged(policy.id), signoffs.lastEndorsed(policy.id), policyPeople(policies, policy.id, signingDepartments(state.sections), deps.people?.list() ?? [])));
  });

  /** The reading-level target (admins), the sharing setting and the review date (admins and the policy's editors by membership). */
  route(api.updatePolicy, ({ params, body: input, request, reply }) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, params.id, user, 'change');
    if (input.gradeTarget !== undefined && user.role !== 'admin') throw new HttpError(403, 'Only admins can do this');
    if (input.sharing !== undefined && !policies.access.mayManage(policy.id, user)) {
      throw new HttpError(403, 'Only admins and the editors this policy is shared with can change who it is shared with');
    }
    if (input.reviewBy !== undefined && !policies.access.mayManage(policy.id, user)) {
      throw new HttpError(403, 'Only admins and the editors this policy is shared with can set its review date');
    }
    // "Not in the past" by the caller's calendar: the server allows its own yesterday, for people west of it.
    const problem = input.reviewBy ? reviewDateProblem(input.reviewBy, dayOf(utcDayNumber(deps.clock.now()) - 1)) : null;
    if (problem) throw new HttpError(400, `reviewBy: ${problem}`, { field: 'reviewBy' });
    if (input.gradeTarget !== undefined) policies.setGradeTarget(policy.id, input.gradeTarget);
    if (input.reviewBy !== undefined) {
      const { before, changed } = policies.setReviewBy(policy.id, input.reviewBy, actorOf(user));
      if (changed) logger.info('policy.review_date_set', { policy: policy.id, by: user.id, before, after: input.reviewBy });
    }
    if (input.sharing !== undefined) {
      const { before, changed } = policies.access.setSharing(policy.id, input.sharing, user);
      if (changed) logger.info('policy.sharing_changed', { policy: policy.id, by: user.id, before, after: input.sharing });
    }
    reply(200, presentUpdatedPolicy(policy.id, input));
  });

  router.use('/:id/members', memberRoutes({ policies, logger }));

  route(api.policyEvents, ({ params, request, response }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    deps.events.subscribe(policy.id, response);
  });

  route(api.getAudit, ({ params, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    reply(200, signoffs.audit(policy.id).map(presentAuditEntry));
  });

  route(api.signSection, ({ params, body: input, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request), 'change');
    const user = currentUser(request);
    const event = signoffs.sign(policy.id, params.sectionId, user, input.hash, input.comment ?? '');
    logger.info('signoff.signed', { policy: policy.id, section: event.sectionId, department: event.department, user: user.id, hash: event.hash });
    reply(201, presentSignoffEvent(event));
  });

  /**
   * Who must sign a section: its owning department and approving departments. Server data; the
   * document's copy is rewritten from it. Editors of the owning department and admins may change it.
   */
  route(api.setRequirements, ({ params, body: input, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request), 'change');
    const user = currentUser(request);
    const sectionId = params.sectionId;
    const current = deps.requirements.active(policy.id, sectionId);
    if (!current) throw new HttpError(404, 'No section with this id in this policy');
    if (user.role !== 'admin' && !(user.role === 'editor' && user.department === current.owner)) {
      throw new HttpError(403, `Only editors of ${deps.departments.name(current.owner)} or an admin can change who signs this section`);
    }
    // A department that is archived keeps what it has, but is given nothing new.
    if (input.owner !== current.owner && !deps.departments.isAssignable(input.owner)) {
      throw new HttpError(400, `owner: "${input.owner}" is not one of the organization's departments (or it is archived)`, { field: 'owner' });
    }
    for (const [index, id] of input.approvers.entries()) {
      if (!current.approvers.includes(id) && id !== current.owner && !deps.departments.isAssignable(id)) {
        throw new HttpError(400, `approvers.${index}: "${id}" is not one of the organization's departments (or it is archived)`, { field: `approvers.${index}` });
      }
    }
    if (sameRequirement(current, { owner: input.owner, approvers: normalizeApprovers(input.approvers, input.owner) })) {
      reply(200, { sectionId, owner: current.owner, approvers: current.approvers, changed: false });
      return;
    }
    // A room that cannot be opened is a StorageUnavailableError: a 503 that errorHandler answers.
    const room = deps.rooms.open(policy.id);
    try {
      const element = findSectionElement(room.doc, sectionId);
      const title = element ? sectionTitle(element).trim() : '';
      const actor = actorOf(user);
      const { before, after } = deps.requirements.change(policy.id, sectionId, input, actor, title);
      mirrorRequirement(room.doc, sectionId, after, new ServerOrigin('requirements', user.id));
      room.flush();
      logger.info('section.requirements_changed', { policy: policy.id, section: sectionId, user: user.id, before, after });
      signoffs.announce(policy.id, actor);
      reply(200, { sectionId, owner: after.owner, approvers: after.approvers, before: { owner: before.owner, approvers: before.approvers }, changed: true });
    } finally {
      deps.rooms.release(room);
    }
  });

  /** Endorses the policy as it reads now, when every section is signed but its title or order changed since the last endorsement. */
  route(api.confirmEndorsement, ({ params, body: input, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request), 'change');
    const user = currentUser(request);
    const result = signoffs.confirmEndorsement(policy.id, user, input.fingerprint);
    logger.info('policy.endorsed', { policy: policy.id, user: user.id, fingerprint: result.fingerprint, version: result.version });
    reply(201, presentEndorsement(result));
  });

  route(api.revokeSignoff, ({ params, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request), 'change');
    const user = currentUser(request);
    const event = signoffs.revoke(policy.id, params.sectionId, user);
    logger.info('signoff.revoked', { policy: policy.id, section: event.sectionId, department: event.department, user: user.id });
    reply(200, presentSignoffEvent(event));
  });

  route(api.exportPolicy, async ({ params, query, request, response }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    const { format, version, parts, endorsedVersion } = query;
    if (endorsedVersion !== undefined && version !== 'endorsed') throw new HttpError(400, 'endorsedVersion: give it with version=endorsed', { field: 'endorsedVersion' });
    const input = buildExportInput({ rooms: deps.rooms, signoffs, comments: deps.comments, departments: deps.departments.list({ includeArchived: true }) }, policy, version, parts, endorsedVersion);
    if (!input) {
      throw new HttpError(
        404,
        endorsedVersion === undefined
          ? 'This policy has never been endorsed, so there is no endorsed version to export yet.'
          : `This policy has no endorsed version ${endorsedVersion}. It has ${signoffs.endorsedCount(policy.id)}.`,
      );
    }
    const file = await exportPolicy(input, format);
    // Rendering on the server's own thread holds every room up for as long as it takes: the operator should hear of it.
    if (file.renderedIn === 'main thread') logger.warn('export.worker_unavailable', { policy: policy.id, format, problem: file.workerProblem });
    logger.info('policy.exported', { policy: policy.id, format, version, endorsed: input.endorsed, bytes: file.body.length, renderedIn: file.renderedIn });
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', attachmentDisposition(file.filename));
    response.setHeader('Cache-Control', 'no-store');
    response.send(file.body);
  });

  route(api.listVersions, ({ params, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    const versions = signoffs.endorsedVersions(policy.id).map((entry) => ({
      version: entry.version,
      endorsedAt: entry.at,
      fingerprint: entry.fingerprint,
      // The title it was endorsed with; the draft's title would name a version after text nobody endorsed.
      title: readTitle(entry.document).trim() || 'Untitled policy',
      sectionCount: readSections(entry.document).length,
      signerCount: Object.values(entry.signoffs).reduce((sum, list) => sum + list.length, 0),
    }));
    reply(200, versions.reverse());
  });

  /** An endorsed version beside the policy now, section by section: what the yearly review asks everyone to endorse again. */
  route(api.compareVersion, ({ params, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    const number = Number(params.version);
    const endorsed = signoffs.endorsedVersion(policy.id, number);
    if (!endorsed) throw new HttpError(404, `This policy has no endorsed version ${number}. It has ${signoffs.endorsedCount(policy.id)}.`);
    reply(200, presentVersionChanges(number, endorsed, signoffs.state(policy.id)));
  });

  /** What a department signed, beside what the section says now: for "what changed". */
  route(api.signedContent, ({ params, request, reply }) => {
    const policy = requirePolicy(policies, params.id, currentUser(request));
    const signed = signoffs.signedContent(policy.id, params.sectionId, params.department);
    if (!signed) throw new HttpError(404, 'This department has not signed this section');
    const current = signoffs.state(policy.id).live.find((section) => section.id === params.sectionId);
    const editors = signoffs.changedSince(policy.id, params.sectionId, signed.at);
    const changes = signoffs.contentChangesSince(policy.id, params.sectionId, signed, current?.content ?? null, editors);
    reply(200, presentSignedContent(signed, current, editors, signoffs.requirementChangesSince(policy.id, params.sectionId, signed.at), changes));
  });

  return router;
}

/**
 * The policy with this id and the person's role on it, or a 404 that says so: a policy not
 * shared with this person does not exist for them. To `change` it, a viewer or a commenter (by
 * account or by membership) gets 403.
 */
export function requirePolicy(policies: PolicyService, id: unknown, user: User, intent: 'read' | 'change' = 'read') {
  const policy = typeof id === 'string' && POLICY_ID_PATTERN.test(id) ? policies.get(id) : null;
  const role: PolicyRole | null = policy ? policies.access.roleOn(policy.id, user) : null;
  if (!policy || !role) throw new HttpError(404, 'No policy with this id');
  if (intent === 'change' && role === 'viewer') throw new HttpError(403, 'Viewers can read but not change anything');
  if (intent === 'change' && role === 'commenter') throw new HttpError(403, 'Commenters can read and comment but not change, sign or share anything');
  return { ...policy, role };
}
