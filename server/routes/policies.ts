import { Router } from 'express';
import { z } from 'zod';
import { MAX_TITLE_LENGTH } from '../../shared/limits';
import { POLICY_ID_PATTERN } from '../../shared/protocol';
import { scoreText } from '../../shared/readability';
import { currentUser, requireRole } from '../auth/access';
import { HttpError, parseBody } from '../httpError';
import type { Logger } from '../logger';
import type { PolicyService } from '../services/policies';
import { blankPolicyJSON } from '../services/policyDocuments';
import type { PolicyEvents } from '../services/policyEvents';
import { SignoffError, type SignoffService } from '../services/signoffs';
import { exportPolicy, isExportFormat } from '../export';
import { buildExportInput } from '../services/policyExport';
import type { Rooms } from '../collab/rooms';
import type { TemplateCatalog } from '../templates/templateCatalog';
import { templateDocument } from '../templates/templateLoader';

const createPolicySchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(MAX_TITLE_LENGTH, `at most ${MAX_TITLE_LENGTH} characters`),
  templateId: z.string().trim().max(100).optional(),
  organization: z.string().trim().max(200, 'at most 200 characters').optional(),
});
const updatePolicySchema = z.object({
  gradeTarget: z.number('a number').min(4, 'at least 4').max(16, 'at most 16'),
});
const signoffSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 hash (hex) of the section as you see it'),
  comment: z.string().trim().max(1000, 'at most 1000 characters').optional(),
});

interface PolicyDeps {
  policies: PolicyService;
  signoffs: SignoffService;
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

  router.get('/', (_request, response) => {
    response.json(
      policies.list().map(({ id, title, organization, createdAt, updatedAt }) => {
        let state;
        try {
          state = signoffs.state(id);
        } catch (error) {
          // One unreadable policy must not hide every other one from the list.
          logger.error('policy.unreadable', { policy: id, error: (error as Error).message });
          return { id, title, organization, createdAt, updatedAt, status: 'pending' as const, sectionCount: 0, signedCount: 0, unreadable: true };
        }
        return {
          id,
          title,
          organization,
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
      content = templateDocument(template, { title: input.title, organization: input.organization ?? '' });
    }
    const policy = policies.create({ title: input.title, organization: input.organization ?? '', templateId: input.templateId ?? null, content });
    logger.info('policy.created', { policy: policy.id, by: currentUser(request).id, template: input.templateId ?? null });
    response.status(201).json({ id: policy.id });
  });

  router.get('/:id', (request, response) => {
    const policy = requirePolicy(policies, request.params.id);
    const state = signoffs.state(policy.id);
    response.json({
      id: policy.id,
      title: policy.title,
      organization: policy.organization,
      gradeTarget: policy.gradeTarget,
      status: state.status,
      fingerprint: state.fingerprint,
      endorsedAt: signoffs.lastEndorsed(policy.id)?.at ?? null,
      sections: state.sections.map((section, index) => {
        const score = scoreText(state.live[index]!.text);
        return { ...section, readability: { grade: score.grade, readingEase: score.readingEase } };
      }),
    });
  });

  router.patch('/:id', requireRole('admin'), (request, response) => {
    const policy = requirePolicy(policies, request.params.id);
    const input = parseBody(updatePolicySchema, request.body);
    policies.setGradeTarget(policy.id, input.gradeTarget);
    response.json({ id: policy.id, gradeTarget: input.gradeTarget });
  });

  router.get('/:id/events', (request, response) => {
    const policy = requirePolicy(policies, request.params.id);
    deps.events.subscribe(policy.id, response);
  });

  router.get('/:id/audit', (request, response) => {
    const policy = requirePolicy(policies, request.params.id);
    response.json(signoffs.audit(policy.id));
  });

  router.post('/:id/sections/:sectionId/signoffs', (request, response) => {
    const policy = requirePolicy(policies, request.params.id);
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

  router.delete('/:id/sections/:sectionId/signoffs', (request, response) => {
    const policy = requirePolicy(policies, request.params.id);
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
    const policy = requirePolicy(policies, request.params.id);
    const format = request.query.format ?? 'docx';
    if (!isExportFormat(format)) throw new HttpError(400, 'format: choose docx, pdf, html or md', { field: 'format' });
    const version = request.query.version ?? 'current';
    if (version !== 'current' && version !== 'endorsed') throw new HttpError(400, 'version: choose current or endorsed', { field: 'version' });
    const input = buildExportInput({ rooms: deps.rooms, signoffs }, policy, version);
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
    const policy = requirePolicy(policies, request.params.id);
    const signed = signoffs.signedContent(policy.id, String(request.params.sectionId), String(request.params.department));
    if (!signed) throw new HttpError(404, 'This department has not signed this section');
    const current = signoffs.state(policy.id).live.find((section) => section.id === request.params.sectionId);
    response.json({ signed, current: current ? { title: current.title, text: current.text, content: current.content, hash: current.hash } : null });
  });

  return router;
}

/** The policy with this id, or a 404 that says so. */
export function requirePolicy(policies: PolicyService, id: unknown) {
  const policy = typeof id === 'string' && POLICY_ID_PATTERN.test(id) ? policies.get(id) : null;
  if (!policy) throw new HttpError(404, 'No policy with this id');
  return policy;
}
