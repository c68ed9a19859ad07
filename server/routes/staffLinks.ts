import type { Response } from 'express';
import { api } from '../../shared/api/routes';
import type { StaffLink } from '../../shared/api/policies';
import type { Department } from '../../shared/departments';
import { placeholderDefinition, placeholdersIn } from '../../shared/placeholders';
import { readSections, readTitle } from '../../shared/sections';
import { currentUser } from '../auth/access';
import type { Rooms } from '../collab/rooms';
import { attachmentDisposition, exportPolicy } from '../export';
import { escapeHtml } from '../export/html';
import { HttpError } from '../httpError';
import type { Logger } from '../logger';
import type { CommentService } from '../services/comments';
import type { PolicyService } from '../services/policies';
import { buildExportInput } from '../services/policyExport';
import { actorOf, type SignoffService } from '../services/signoffs';
import type { StaffLinks } from '../services/staffLinks';
import { contractRouter } from './contractRouter';
import { requirePolicy } from './policies';

export interface StaffLinkDeps {
  /** Sites that may show the staff link's pages in a frame (an intranet page), besides Accord itself; none by default. */
  embedOrigins?: readonly string[];
  policies: PolicyService;
  staffLinks: StaffLinks;
  signoffs: SignoffService;
  rooms: Rooms;
  comments: Pick<CommentService, 'list'>;
  departments: () => readonly Department[];
  logger: Logger;
}

/** `GET`, `POST` and `DELETE /api/policies/:id/staff-link`: the link, for the people who can open the policy; changed by those who manage it. */
export function staffLinkRoutes(deps: StaffLinkDeps) {
  const { router, route } = contractRouter('/api/policies');
  const { policies, staffLinks, signoffs, logger } = deps;

  const present = (policyId: string, canManage: boolean): StaffLink => {
    const link = staffLinks.get(policyId);
    const endorsed = signoffs.endorsedCount(policyId);
    const shown = endorsed > 0 ? signoffs.lastEndorsed(policyId) : null;
    // The blanks of the title and the sections' text, as the staff copy would show them.
    const text = shown ? [readTitle(shown.document), ...readSections(shown.document).flatMap((section) => [section.title, section.text])].join('\n') : '';
    const blanks = placeholdersIn(text).map((name) => placeholderDefinition(name)?.label ?? name);
    return {
      active: link !== null,
      path: link ? `/read/${link.token}` : null,
      createdAt: link?.createdAt ?? null,
      createdBy: link?.createdBy.name ?? null,
      endorsedVersion: endorsed > 0 ? endorsed : null,
      blanks,
      canManage,
    };
  };
  const requireManager = (policyId: string, intent: 'make' | 'stop', user: ReturnType<typeof currentUser>) => {
    if (!policies.access.mayManage(policyId, user)) throw new HttpError(403, `Only admins and the editors this policy is shared with can ${intent} its staff link`);
  };

  route(api.getStaffLink, ({ params, request, reply }) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, params.id, user);
    reply(200, present(policy.id, policies.access.mayManage(policy.id, user)));
  });

  route(api.createStaffLink, ({ params, request, reply }) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, params.id, user, 'change');
    requireManager(policy.id, 'make', user);
    const { replaced } = staffLinks.create(policy.id, actorOf(user));
    logger.info('policy.staff_link_created', { policy: policy.id, by: user.id, replaced });
    reply(201, present(policy.id, true));
  });

  route(api.stopStaffLink, ({ params, request, reply }) => {
    const user = currentUser(request);
    const policy = requirePolicy(policies, params.id, user, 'change');
    requireManager(policy.id, 'stop', user);
    if (staffLinks.stop(policy.id, actorOf(user))) logger.info('policy.staff_link_stopped', { policy: policy.id, by: user.id });
    reply(200, present(policy.id, true));
  });

  return router;
}

/**
 * Rendered pages and PDFs kept, by policy, endorsed fingerprint and format, the least recently read
 * dropped first: an endorsed version never changes, and a link passed round all staff is opened
 * many times. Room for a page and a PDF of 32 policies' links.
 */
export const KEPT_RENDERINGS = 64;
/** Renderings for staff pages that may be under way at once; a reader past them is asked to try again, so nobody can queue the exports of members behind anonymous ones. */
export const STAFF_RENDERS_AT_ONCE = 4;

/**
 * `GET /read/:token`: the latest endorsed version of the policy a staff link opens, to anyone who
 * has the link. Never the draft: before the first endorsement the page says so and shows no text.
 */
export function staffReadRoutes(deps: StaffLinkDeps) {
  const { router, route } = contractRouter('/read');
  // Promises, so that many people opening a new version at once wait for one rendering, not one each.
  const kept = new Map<string, Promise<{ body: Buffer; contentType: string; filename: string }>>();
  let rendersUnderWay = 0;

  route(api.readStaffLink, async ({ params, query, response }) => {
    // Nobody should find these through a search engine, or learn the link from a page it leads to.
    response.setHeader('X-Robots-Tag', 'noindex, nofollow');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cache-Control', 'no-store');
    allowFraming(response, deps.embedOrigins ?? []);
    const policyId = deps.staffLinks.policyOf(params.token);
    const policy = policyId ? deps.policies.get(policyId) : null;
    if (!policy) {
      sendPage(response, 404, 'This link does not work', ['The link was stopped or replaced by a newer one, or it was copied incompletely.', 'Ask the people who look after the policy for the current link.']);
      return;
    }
    const endorsed = buildExportInput({ rooms: deps.rooms, signoffs: deps.signoffs, comments: deps.comments, departments: deps.departments() }, policy, 'endorsed', ['text']);
    if (!endorsed) {
      // Not even the title: a draft's title can say more than its authors want said yet.
      sendPage(response, 200, 'This policy is not endorsed yet', [
        'The departments are still writing it. This link will show it once every department has signed it off, and always the latest endorsed version after that.',
      ]);
      return;
    }
    const input = { ...endorsed, audience: 'staff' as const };
    // An endorsed version never changes; what the page says around it (the organization, the next review) can.
    const key = JSON.stringify([policy.id, input.fingerprint, query.format, input.organization, input.reviewBy ?? null, input.reviewOverdue ?? false]);
    let rendering = kept.get(key);
    if (rendering) {
      // Read again: to the back of the line for dropping.
      kept.delete(key);
      kept.set(key, rendering);
    } else {
      if (rendersUnderWay >= STAFF_RENDERS_AT_ONCE) {
        response.setHeader('Retry-After', '30');
        sendPage(response, 503, 'Busy for a moment', ['Many people are opening policies right now. Try this link again in half a minute.']);
        return;
      }
      rendersUnderWay += 1;
      rendering = exportPolicy(input, query.format).then((rendered) => {
        deps.logger.info('policy.staff_link_rendered', { policy: policy.id, format: query.format, bytes: rendered.body.length, renderedIn: rendered.renderedIn });
        return { body: rendered.body, contentType: rendered.contentType, filename: rendered.filename };
      });
      kept.set(key, rendering);
      if (kept.size > KEPT_RENDERINGS) kept.delete(kept.keys().next().value!);
      // A rendering that failed is not kept: the next reader tries again.
      rendering.then(
        () => (rendersUnderWay -= 1),
        () => {
          rendersUnderWay -= 1;
          kept.delete(key);
        },
      );
    }
    const file = await rendering;
    response.setHeader('Content-Type', file.contentType);
    if (query.format === 'pdf') response.setHeader('Content-Disposition', attachmentDisposition(file.filename));
    response.send(file.body);
  });

  return router;
}

/**
 * The operator's list of sites that may frame the staff link's pages (ACCORD_EMBED_ORIGINS): origins
 * such as `https://intranet.example.org`, separated by spaces or commas. Anything else is refused
 * at start-up with the reason, rather than framing being quietly allowed or refused.
 */
export function parseEmbedOrigins(value: string | undefined): string[] {
  const origins: string[] = [];
  for (const entry of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`ACCORD_EMBED_ORIGINS: "${entry}" is not an address; give origins such as https://intranet.example.org`);
    }
    // Host names and ports only: the origin goes into a response header, where `;` or a quote would start a new directive.
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== entry.replace(/\/$/, '') || !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(url.origin)) {
      throw new Error(`ACCORD_EMBED_ORIGINS: "${entry}" is not an origin; give the scheme and host only, such as https://intranet.example.org`);
    }
    origins.push(url.origin);
  }
  return origins;
}

/**
 * Lets the sites in `origins` show this answer in a frame: the app's policy says `frame-ancestors
 * 'none'` everywhere, which is right for pages that act, but a staff page only reads.
 */
function allowFraming(response: Response, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const policy = response.getHeader('Content-Security-Policy');
  if (typeof policy !== 'string') return;
  response.setHeader('Content-Security-Policy', policy.replace(/frame-ancestors [^;]*/, `frame-ancestors 'self' ${origins.join(' ')}`));
  response.removeHeader('X-Frame-Options');
}

/** A short page for a link that shows no policy: plain HTML, no script, readable on a phone. */
function sendPage(response: Response, status: number, title: string, paragraphs: readonly string[]): void {
  response
    .status(status)
    .type('html')
    .send(
      [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${escapeHtml(title)}</title>`,
        '<style>body{font:1.05rem/1.6 system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1.25rem;color:#1f2933}h1{font-size:1.5rem;line-height:1.3}</style>',
        '</head>',
        `<body><main><h1>${escapeHtml(title)}</h1>${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('')}</main></body>`,
        '</html>',
      ].join(''),
    );
}
