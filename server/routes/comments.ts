import type { Request, Router } from 'express';
import { api } from '../../shared/api/routes';
import { currentUser } from '../auth/access';
import type { Logger } from '../logger';
import { presentComment, presentThread } from '../presenters/comment';
import type { CommentActor, CommentService } from '../services/comments';
import type { PolicyService } from '../services/policies';
import { contractRouter } from './contractRouter';
import { requirePolicy } from './policies';

/**
 * Comment threads of a policy: `GET`/`POST /api/policies/:id/threads`, `PATCH …/:threadId`
 * (resolve, reopen), and a thread's comments (reply, edit, delete one's own). Everyone who may
 * open the policy reads them; everyone but viewers writes (the service checks).
 */
export function commentRoutes(deps: { policies: PolicyService; comments: CommentService; logger: Logger }): Router {
  const { policies, comments, logger } = deps;
  const { router, route } = contractRouter('/api/policies/{id}/threads', { mergeParams: true });

  const open = (request: Request, policyId: string) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, policyId, user);
    const actor: CommentActor = { id: user.id, name: user.name, department: user.department, role: policy.role };
    return { policy, actor };
  };

  route(api.listThreads, ({ params, request, reply }) => {
    const { policy } = open(request, params.id);
    reply(200, comments.list(policy.id).map(presentThread));
  });

  route(api.createThread, ({ params, body, request, reply }) => {
    const { policy, actor } = open(request, params.id);
    const thread = comments.create(policy, actor, body);
    logger.info('comments.thread_created', { policy: policy.id, thread: thread.id, section: thread.sectionId, by: actor.id });
    reply(201, presentThread(thread));
  });

  route(api.updateThread, ({ params, body, request, reply }) => {
    const { policy, actor } = open(request, params.id);
    const thread = comments.setStatus(policy.id, params.threadId, actor, body.status);
    logger.info('comments.thread_status', { policy: policy.id, thread: thread.id, status: thread.status, by: actor.id });
    reply(200, presentThread(thread));
  });

  route(api.addComment, ({ params, body, request, reply }) => {
    const { policy, actor } = open(request, params.id);
    const comment = comments.reply(policy, params.threadId, actor, body.body);
    logger.info('comments.replied', { policy: policy.id, thread: params.threadId, comment: comment.id, by: actor.id });
    reply(201, presentComment(comment));
  });

  route(api.editComment, ({ params, body, request, reply }) => {
    const { policy, actor } = open(request, params.id);
    reply(200, presentComment(comments.edit(policy.id, params.threadId, params.commentId, actor, body.body)));
  });

  route(api.deleteComment, ({ params, request, reply }) => {
    const { policy, actor } = open(request, params.id);
    comments.delete(policy.id, params.threadId, params.commentId, actor);
    logger.info('comments.deleted', { policy: policy.id, thread: params.threadId, comment: params.commentId, by: actor.id });
    reply(200, { ok: true });
  });

  return router;
}
