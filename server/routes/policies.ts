import { Router } from 'express';
import { z } from 'zod';
import type { Department } from '../../shared/departments';
import { MAX_TITLE_LENGTH } from '../../shared/limits';
import { POLICY_ID_PATTERN } from '../../shared/protocol';
import { currentUser } from '../auth/access';
import { HttpError, parseBody } from '../httpError';
import type { Logger } from '../logger';
import { QuotaError, type PolicyService } from '../services/policies';
import { SHARINGS, type PolicyRole, type Sharing } from '../services/policyAccess';
import type { User } from '../services/accounts';
import { memberRoutes } from './members';
import { blankPolicyJSON } from '../services/policyDocuments';
import type { PolicyEvents } from '../services/policyEvents';
import { SignoffError, type SignoffService } from '../services/signoffs';
import { exportPolicy, isExportFormat } from '../export';
import { buildExportInput } from '../services/policyExport';
import { sectionReadability } from '../services/readabilityCache';
import type { Rooms } from '../collab/rooms';
import type { TemplateCatalog } from '../templates/templateCatalog';
import { templateDepartments, templateDocument } from '../templates/templateLoader';
import { ServerOrigin } from '../collab/origins';
import { findSectionElement, mirrorRequirement, sectionTitle } from '../collab/sectionGuard';
import { StorageUnavailableError } from '../collab/rooms';
import { sameRequirement, type RequirementService } from '../services/requirements';

const departmentId = z.string('a department id').trim().min(1, 'a department id').max(64, 'at most 64 characters');
const createPolicySchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(MAX_TITLE_LENGTH, `at most ${MAX_TITLE_LENGTH} characters`),
  templateId: z.string().trim().max(100).optional(),
  organization: z.string().trim().max(200, 'at most 200 characters').optional(),
  /** For each department the template names that the organization does not have: which department takes its sections. */
  departmentMap: z.record(z.string().max(64), departmentId).optional(),
});
const requirementsSchema = z.object({
  owner: departmentId,
  approvers: z.array(departmentId, 'a list of department ids').max(30, 'at most 30 departments'),
});
const endorsementSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'the fingerprint (hex) of the policy as you see it'),
});
const updatePolicySchema = z
  .object({
    gradeTarget: z.number('a number').min(4, 'at least 4').max(16, 'at most 16').optional(),
    sharing: z.enum(SHARINGS as [Sharing, ...Sharing[]], 'choose organization or members').optional(),
  })
  .refine((value) => value.gradeTarget !== undefined || value.sharing !== undefined, 'give a gradeTarget or a sharing to change');
const signoffSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 hash (hex) of the section as you see it'),
  comment: z.string().trim().max(1000, 'at most 1000 characters').optional(),
});

interface PolicyDeps {
  policies: PolicyService;
  signoffs: SignoffService;
  requirements: RequirementService;
  /** The organization's departments: whether one can be given sections now, and its name. */
  departments: { isAssignable(id: string): boolean; name(id: string): string; list(options: { includeArchived: boolean }): Department[] };
  events: PolicyEvents;
  catalog: TemplateCatalog;
  rooms: Rooms;
  logger: Logger;
}

function rethrow(error: unknown): never {
  if (error instanceof SignoffError) throw new HttpError(error.status, error.message, error.details);
  throw error;
}

export function policyRoutes(deps: PolicyDeps): Router {
  const { policies, signoffs, catalog, logger } = deps;
  const router = Router();

  router.get('/', (request, response) => {
    response.json(
      policies.listFor(currentUser(request)).map(({ id, title, organization, sharing, createdAt, updatedAt }) => {
        let state;
        try {
          state = signoffs.state(id);
        } catch (error) {
          // One unreadable policy must not hide every other one from the list.
          logger.error('policy.unreadable', { policy: id, error: (error as Error).message });
          return { id, title, organization, sharing, createdAt, updatedAt, status: 'pending' as const, sectionCount: 0, signedCount: 0, unreadable: true };
        }
        return {
          id,
          title,
          organization,
          sharing,
          createdAt,
          updatedAt,
          status: state.status,
          sectionCount: state.sections.length,
          signedCount: state.sections.filter((section) => section.status === 'signed').length,
        };
      }),
    );
  });

  router.post('/', (request, response) => {
    const input = parseBody(createPolicySchema, request.body);
    let content = blankPolicyJSON(input.title, currentUser(request).department);
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
      content = templateDocument(template, { title: input.title, organization: input.organization ?? '', departmentMap });
    }
    const creator = currentUser(request);
    let policy;
    try {
      policy = policies.create({ title: input.title, organization: input.organization ?? '', templateId: input.templateId ?? null, content, createdBy: { id: creator.id, name: creator.name } });
    } catch (error) {
      if (error instanceof QuotaError) {
        logger.warn('policy.quota_reached', { by: creator.id, status: error.status });
        throw new HttpError(error.status, error.message);
      }
      throw error;
    }
    logger.info('policy.created', { policy: policy.id, by: currentUser(request).id, template: input.templateId ?? null });
    response.status(201).json({ id: policy.id });
  });

  router.get('/:id', (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request));
    const state = signoffs.state(policy.id);
    const lastChanged = signoffs.lastChanged(policy.id);
    const endorsed = signoffs.lastEndorsed(policy.id);
    response.json({
      id: policy.id,
      title: policy.title,
      organization: policy.organization,
      gradeTarget: policy.gradeTarget,
      sharing: policy.sharing,
      role: policy.role,
      canShare: policies.access.mayManage(policy.id, currentUser(request)),
      status: state.status,
      structureChanged: state.structureChanged,
      confirmations: state.confirmations,
      fingerprint: state.fingerprint,
      endorsedAt: endorsed?.at ?? null,
      endorsedFingerprint: endorsed?.fingerprint ?? null,
      sections: state.sections.map((section, index) => {
        const score = sectionReadability(state.live[index]!);
        const author = lastChanged.get(section.id);
        return {
          ...section,
          readability: { grade: score.grade, readingEase: score.readingEase },
          lastChangedBy: author ? { id: author.id, name: author.name, department: author.department } : null,
          lastChangedAt: author?.at ?? null,
        };
      }),
    });
  });

  /** The reading-level target (admins) and the sharing setting (admins and the policy's editors by membership). */
  router.patch('/:id', (request, response) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, request.params.id, user, 'change');
    const input = parseBody(updatePolicySchema, request.body);
    if (input.gradeTarget !== undefined && user.role !== 'admin') throw new HttpError(403, 'Only admins can do this');
    if (input.sharing !== undefined && !policies.access.mayManage(policy.id, user)) {
      throw new HttpError(403, 'Only admins and the editors this policy is shared with can change who it is shared with');
    }
    if (input.gradeTarget !== undefined) policies.setGradeTarget(policy.id, input.gradeTarget);
    if (input.sharing !== undefined) {
      const { before, changed } = policies.access.setSharing(policy.id, input.sharing, user);
      if (changed) logger.info('policy.sharing_changed', { policy: policy.id, by: user.id, before, after: input.sharing });
    }
    response.json({ id: policy.id, ...(input.gradeTarget !== undefined ? { gradeTarget: input.gradeTarget } : {}), ...(input.sharing !== undefined ? { sharing: input.sharing } : {}) });
  });

  router.use('/:id/members', memberRoutes({ policies, logger }));

  router.get('/:id/events', (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request));
    deps.events.subscribe(policy.id, response);
  });

  router.get('/:id/audit', (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request));
    response.json(signoffs.audit(policy.id));
  });

  router.post('/:id/sections/:sectionId/signoffs', (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request), 'change');
    const input = parseBody(signoffSchema, request.body);
    const user = currentUser(request);
    try {
      const event = signoffs.sign(policy.id, String(request.params.sectionId), user, input.hash, input.comment ?? '');
      logger.info('signoff.signed', { policy: policy.id, section: event.sectionId, department: event.department, user: user.id, hash: event.hash });
      response.status(201).json(event);
    } catch (error) {
      rethrow(error);
    }
  });

  /**
   * Who must sign a section: its owning department and approving departments. Server data; the
   * document's copy is rewritten from it. Editors of the owning department and admins may change it.
   */
  router.put('/:id/sections/:sectionId/requirements', (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request), 'change');
    const input = parseBody(requirementsSchema, request.body);
    const user = currentUser(request);
    const sectionId = String(request.params.sectionId);
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
    if (sameRequirement(current, { owner: input.owner, approvers: input.approvers.filter((id) => id !== input.owner) })) {
      response.json({ sectionId, owner: current.owner, approvers: current.approvers, changed: false });
      return;
    }
    let room;
    try {
      room = deps.rooms.open(policy.id);
    } catch (error) {
      if (error instanceof StorageUnavailableError) throw new HttpError(503, 'The server cannot save changes to this policy right now. Try again shortly.');
      throw error;
    }
    try {
      const element = findSectionElement(room.doc, sectionId);
      const title = element ? sectionTitle(element).trim() : '';
      const { before, after } = deps.requirements.change(policy.id, sectionId, input, { id: user.id, name: user.name, department: user.department }, title);
      mirrorRequirement(room.doc, sectionId, after, new ServerOrigin('requirements', user.id));
      room.flush();
      logger.info('section.requirements_changed', { policy: policy.id, section: sectionId, user: user.id, before, after });
      signoffs.announce(policy.id);
      response.json({ sectionId, owner: after.owner, approvers: after.approvers, before, changed: true });
    } finally {
      deps.rooms.release(room);
    }
  });

  /** Endorses the policy as it reads now, when every section is signed but its title or order changed since the last endorsement. */
  router.post('/:id/endorsement', (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request), 'change');
    const input = parseBody(endorsementSchema, request.body);
    const user = currentUser(request);
    try {
      const result = signoffs.confirmEndorsement(policy.id, user, input.fingerprint);
      logger.info('policy.endorsed', { policy: policy.id, user: user.id, fingerprint: result.fingerprint, version: result.version });
      response.status(201).json(result);
    } catch (error) {
      rethrow(error);
    }
  });

  router.delete('/:id/sections/:sectionId/signoffs', (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request), 'change');
    const user = currentUser(request);
    try {
      const event = signoffs.revoke(policy.id, String(request.params.sectionId), user);
      logger.info('signoff.revoked', { policy: policy.id, section: event.sectionId, department: event.department, user: user.id });
      response.json(event);
    } catch (error) {
      rethrow(error);
    }
  });

  router.get('/:id/export', async (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request));
    const format = request.query.format ?? 'docx';
    if (!isExportFormat(format)) throw new HttpError(400, 'format: choose docx, pdf, html or md', { field: 'format' });
    const version = request.query.version ?? 'current';
    if (version !== 'current' && version !== 'endorsed') throw new HttpError(400, 'version: choose current or endorsed', { field: 'version' });
    const input = buildExportInput({ rooms: deps.rooms, signoffs, departments: deps.departments.list({ includeArchived: true }) }, policy, version);
    if (!input) throw new HttpError(404, 'This policy has never been endorsed, so there is no endorsed version to export yet.');
    const file = await exportPolicy(input, format);
    logger.info('policy.exported', { policy: policy.id, format, version, endorsed: input.endorsed, bytes: file.body.length });
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    response.setHeader('Cache-Control', 'no-store');
    response.send(file.body);
  });

  /** What a department signed, beside what the section says now: for "what changed". */
  router.get('/:id/sections/:sectionId/signoffs/:department', (request, response) => {
    const policy = requirePolicy(policies, request.params.id, currentUser(request));
    const signed = signoffs.signedContent(policy.id, String(request.params.sectionId), String(request.params.department));
    if (!signed) throw new HttpError(404, 'This department has not signed this section');
    const current = signoffs.state(policy.id).live.find((section) => section.id === request.params.sectionId);
    const changedBy = signoffs.changedSince(policy.id, String(request.params.sectionId), signed.at);
    response.json({ signed, current: current ? { title: current.title, text: current.text, content: current.content, hash: current.hash } : null, changedBy });
  });

  return router;
}

/**
 * The policy with this id and the person's role on it, or a 404 that says so: a policy not
 * shared with this person does not exist for them. To `change` it, a viewer (by account or by
 * membership) gets 403.
 */
export function requirePolicy(policies: PolicyService, id: unknown, user: User, intent: 'read' | 'change' = 'read') {
  const policy = typeof id === 'string' && POLICY_ID_PATTERN.test(id) ? policies.get(id) : null;
  const role: PolicyRole | null = policy ? policies.access.roleOn(policy.id, user) : null;
  if (!policy || !role) throw new HttpError(404, 'No policy with this id');
  if (intent === 'change' && role === 'viewer') throw new HttpError(403, 'Viewers can read but not change anything');
  return { ...policy, role };
}
