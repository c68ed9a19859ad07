import { z } from 'zod/mini';
import { auditEntrySchema } from './audit';
import {
  clauseDetailSchema,
  clauseListQuerySchema,
  clauseListSchema,
  insertClauseIntoSectionBodySchema,
  insertClauseSectionBodySchema,
  insertedClauseSchema,
  policyClausesSchema,
} from './clauses';
import {
  commentSchema,
  createCommentBodySchema,
  createThreadBodySchema,
  notificationsSchema,
  readNotificationsBodySchema,
  readNotificationsResultSchema,
  threadSchema,
  updateCommentBodySchema,
  updateThreadBodySchema,
} from './comments';
import { createDepartmentBodySchema, departmentSchema, updateDepartmentBodySchema } from './departments';
import { organizationSchema, updateOrganizationBodySchema } from './organization';
import { statusEventSchema } from './events';
import { healthSchema } from './health';
import { authMethodsSchema, oidcCallbackQuerySchema, oidcStartQuerySchema, redirectSchema } from './oidc';
import { inventoryEntrySchema, inventorySchema, newInventoryEntryBodySchema } from './inventory';
import { addMemberBodySchema, memberRemovedSchema, membersAddedSchema, membersSchema } from './members';
import {
  createdPolicySchema,
  createPolicyBodySchema,
  endorsedVersionSchema,
  versionChangesSchema,
  exportQuerySchema,
  policyDetailSchema,
  policySummarySchema,
  signedContentSchema,
  staffLinkReadQuerySchema,
  staffLinkSchema,
  updatedPolicySchema,
  updatePolicyBodySchema,
} from './policies';
import {
  adminPasswordResetSchema,
  changePasswordBodySchema,
  notificationSettingsBodySchema,
  notificationSettingsSchema,
  passwordChangedSchema,
  passwordResetBodySchema,
  passwordResetRequestBodySchema,
  passwordResetRequestedSchema,
  sessionSchema,
  sessionsEndedSchema,
  updateProfileBodySchema,
} from './profile';
import { fillPlaceholdersBodySchema, filledPlaceholdersSchema, policyPlaceholdersSchema } from './placeholders';
import { requirementsBodySchema, requirementsResultSchema } from './requirements';
import { defineRoute } from './route';
import { endorsementBodySchema, endorsementResultSchema, signoffBodySchema, signoffEventSchema } from './signoffs';
import { templateDetailSchema, templateListQuerySchema, templateSummarySchema } from './templates';
import {
  createdInviteSchema,
  createdInvitesSchema,
  createInviteBodySchema,
  inviteInfoSchema,
  inviteListSchema,
  inviteListQuerySchema,
  inviteParams,
  inviteSchema,
  mailStatusSchema,
  loginBodySchema,
  okSchema,
  personSchema,
  signupBodySchema,
  updateUserBodySchema,
  userSchema,
} from './users';

const policyParams = z.object({ id: z.string().check(z.describe('Policy id.')) });
const sectionParams = z.extend(policyParams, { sectionId: z.string().check(z.describe('Section id (stable across edits).')) });
const threadParams = z.extend(policyParams, { threadId: z.string().check(z.describe('Comment thread id.')) });
const commentParams = z.extend(threadParams, { commentId: z.string().check(z.describe('Comment id.')) });

/** The export's content types, by format. */
export const EXPORT_CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
} as const;

/**
 * Every route the server mounts, one entry each: method, path, access and schemas. The server
 * registers its handlers from these entries (so nothing is mounted without a contract) and the
 * client builds its calls and parses answers from them. The reference text of each route
 * (summary, description, error sentences, example) is in `routeDocs.ts`, which only the
 * server's OpenAPI document and `/api/docs` import, so the browser never downloads it.
 */
export const api = {
  health: defineRoute({
    method: 'get',
    path: '/api/health',
    access: 'public',
    responses: { 200: healthSchema, 503: healthSchema },
  }),
  openapi: defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    access: 'public',
    responses: { 200: z.looseObject({ openapi: z.string() }).check(z.describe('An OpenAPI 3.1 document.')) },
  }),
  docs: defineRoute({
    method: 'get',
    path: '/api/docs',
    access: 'public',
    kind: 'html',
    responses: { 200: z.string().check(z.describe('An HTML page.')) },
  }),

  signup: defineRoute({
    method: 'post',
    path: '/api/auth/signup',
    access: 'public',
    body: signupBodySchema,
    responses: { 201: userSchema },
  }),
  login: defineRoute({
    method: 'post',
    path: '/api/auth/login',
    access: 'public',
    body: loginBodySchema,
    responses: { 200: userSchema },
  }),
  logout: defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    access: 'public',
    responses: { 200: okSchema },
  }),
  inviteInfo: defineRoute({
    method: 'get',
    path: '/api/auth/invites/{token}',
    access: 'public',
    params: z.object({ token: z.string().check(z.describe('The invite token from the link.')) }),
    responses: { 200: inviteInfoSchema },
  }),
  authMethods: defineRoute({
    method: 'get',
    path: '/api/auth/methods',
    access: 'public',
    responses: { 200: authMethodsSchema },
  }),
  oidcStart: defineRoute({
    method: 'get',
    path: '/api/auth/oidc/start',
    access: 'public',
    query: oidcStartQuerySchema,
    kind: 'html',
    responses: { 302: redirectSchema },
  }),
  oidcCallback: defineRoute({
    method: 'get',
    path: '/api/auth/oidc/callback',
    access: 'public',
    query: oidcCallbackQuerySchema,
    kind: 'html',
    responses: { 302: redirectSchema },
  }),
  me: defineRoute({
    method: 'get',
    path: '/api/me',
    access: 'signedIn',
    responses: { 200: userSchema },
  }),

  createInvite: defineRoute({
    method: 'post',
    path: '/api/invites',
    access: 'admin',
    body: createInviteBodySchema,
    responses: { 201: createdInvitesSchema },
  }),
  listInvites: defineRoute({
    method: 'get',
    path: '/api/invites',
    access: 'admin',
    query: inviteListQuerySchema,
    responses: { 200: inviteListSchema },
  }),
  resendInvite: defineRoute({
    method: 'post',
    path: '/api/invites/{id}/resend',
    access: 'admin',
    params: inviteParams,
    responses: { 200: createdInviteSchema },
  }),
  inviteLink: defineRoute({
    method: 'post',
    path: '/api/invites/{id}/link',
    access: 'admin',
    params: inviteParams,
    responses: { 200: createdInviteSchema },
  }),
  revokeInvite: defineRoute({
    method: 'delete',
    path: '/api/invites/{id}',
    access: 'admin',
    params: inviteParams,
    responses: { 200: inviteSchema },
  }),
  mailStatus: defineRoute({
    method: 'get',
    path: '/api/admin/mail',
    access: 'admin',
    responses: { 200: mailStatusSchema },
  }),
  listUsers: defineRoute({
    method: 'get',
    path: '/api/users',
    access: 'admin',
    responses: { 200: z.array(userSchema) },
  }),
  updateUser: defineRoute({
    method: 'patch',
    path: '/api/users/{id}',
    access: 'admin',
    params: z.object({ id: z.string().check(z.describe('Account id.')) }),
    body: updateUserBodySchema,
    responses: { 200: userSchema },
  }),
  removeUser: defineRoute({
    method: 'delete',
    path: '/api/users/{id}',
    access: 'admin',
    params: z.object({ id: z.string().check(z.describe('Account id.')) }),
    responses: { 200: okSchema },
  }),

  // Password reset, profile and sessions (issue 20).
  requestPasswordReset: defineRoute({
    method: 'post',
    path: '/api/auth/password-reset',
    access: 'public',
    body: passwordResetRequestBodySchema,
    responses: { 200: passwordResetRequestedSchema },
  }),
  resetPassword: defineRoute({
    method: 'post',
    path: '/api/auth/password-reset/{token}',
    access: 'public',
    params: z.object({ token: z.string().check(z.maxLength(200), z.describe('The token from the reset link.')) }),
    body: passwordResetBodySchema,
    responses: { 200: userSchema },
  }),
  adminPasswordReset: defineRoute({
    method: 'post',
    path: '/api/users/{id}/password-reset',
    access: 'admin',
    params: z.object({ id: z.string().check(z.describe('Account id.')) }),
    responses: { 200: adminPasswordResetSchema },
  }),
  updateMe: defineRoute({
    method: 'patch',
    path: '/api/me',
    access: 'signedIn',
    body: updateProfileBodySchema,
    responses: { 200: userSchema },
  }),
  changePassword: defineRoute({
    method: 'post',
    path: '/api/me/password',
    access: 'signedIn',
    body: changePasswordBodySchema,
    responses: { 200: passwordChangedSchema },
  }),
  getNotificationSettings: defineRoute({
    method: 'get',
    path: '/api/me/notification-settings',
    access: 'signedIn',
    responses: { 200: notificationSettingsSchema },
  }),
  setNotificationSettings: defineRoute({
    method: 'put',
    path: '/api/me/notification-settings',
    access: 'signedIn',
    body: notificationSettingsBodySchema,
    responses: { 200: notificationSettingsSchema },
  }),
  listSessions: defineRoute({
    method: 'get',
    path: '/api/me/sessions',
    access: 'signedIn',
    responses: { 200: z.array(sessionSchema) },
  }),
  endOtherSessions: defineRoute({
    method: 'delete',
    path: '/api/me/sessions',
    access: 'signedIn',
    responses: { 200: sessionsEndedSchema },
  }),
  endSession: defineRoute({
    method: 'delete',
    path: '/api/me/sessions/{id}',
    access: 'signedIn',
    params: z.object({ id: z.string().check(z.maxLength(64), z.describe('The session handle from the list.')) }),
    responses: { 200: sessionsEndedSchema },
  }),

  getOrganization: defineRoute({
    method: 'get',
    path: '/api/organization',
    access: 'signedIn',
    responses: { 200: organizationSchema },
  }),
  updateOrganization: defineRoute({
    method: 'put',
    path: '/api/organization',
    access: 'admin',
    body: updateOrganizationBodySchema,
    responses: { 200: organizationSchema },
  }),

  listDepartments: defineRoute({
    method: 'get',
    path: '/api/departments',
    access: 'signedIn',
    responses: { 200: z.array(departmentSchema) },
  }),
  createDepartment: defineRoute({
    method: 'post',
    path: '/api/departments',
    access: 'admin',
    body: createDepartmentBodySchema,
    responses: { 201: departmentSchema },
  }),
  updateDepartment: defineRoute({
    method: 'patch',
    path: '/api/departments/{id}',
    access: 'admin',
    params: z.object({ id: z.string().check(z.describe('Department id.')) }),
    body: updateDepartmentBodySchema,
    responses: { 200: departmentSchema },
  }),

  listTemplates: defineRoute({
    method: 'get',
    path: '/api/templates',
    access: 'signedIn',
    query: templateListQuerySchema,
    responses: { 200: z.array(templateSummarySchema) },
  }),
  getTemplate: defineRoute({
    method: 'get',
    path: '/api/templates/{id}',
    access: 'signedIn',
    params: z.object({ id: z.string().check(z.describe('Template id.')) }),
    responses: { 200: templateDetailSchema },
  }),
  listPeople: defineRoute({
    method: 'get',
    path: '/api/people',
    access: 'signedIn',
    responses: { 200: z.array(personSchema) },
  }),

  listPolicies: defineRoute({
    method: 'get',
    path: '/api/policies',
    access: 'signedIn',
    responses: { 200: z.array(policySummarySchema) },
  }),
  createPolicy: defineRoute({
    method: 'post',
    path: '/api/policies',
    access: 'signedIn',
    body: createPolicyBodySchema,
    responses: { 201: createdPolicySchema },
  }),
  getPolicy: defineRoute({
    method: 'get',
    path: '/api/policies/{id}',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: policyDetailSchema },
  }),
  updatePolicy: defineRoute({
    method: 'patch',
    path: '/api/policies/{id}',
    access: 'signedIn',
    params: policyParams,
    body: updatePolicyBodySchema,
    responses: { 200: updatedPolicySchema },
  }),
  policyEvents: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/events',
    access: 'signedIn',
    kind: 'eventStream',
    params: policyParams,
    responses: { 200: statusEventSchema },
  }),
  listVersions: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/versions',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: z.array(endorsedVersionSchema) },
  }),
  compareVersion: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/versions/{version}/changes',
    access: 'signedIn',
    params: z.extend(policyParams, { version: z.string().check(z.regex(/^[1-9][0-9]{0,5}$/, 'an endorsed version number: 1, 2, …'), z.describe('The endorsed version, from 1.')) }),
    responses: { 200: versionChangesSchema },
  }),
  getStaffLink: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/staff-link',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: staffLinkSchema },
  }),
  createStaffLink: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/staff-link',
    access: 'signedIn',
    params: policyParams,
    responses: { 201: staffLinkSchema },
  }),
  stopStaffLink: defineRoute({
    method: 'delete',
    path: '/api/policies/{id}/staff-link',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: staffLinkSchema },
  }),
  readStaffLink: defineRoute({
    method: 'get',
    path: '/read/{token}',
    access: 'public',
    kind: 'file',
    contentTypes: ['text/html; charset=utf-8', 'application/pdf'],
    params: z.object({ token: z.string().check(z.describe('The token of a staff link.')) }),
    query: staffLinkReadQuerySchema,
    responses: {
      200: z.string().check(z.describe('The latest endorsed version: a page to read, or a PDF file.')),
      503: z.string().check(z.describe('A page saying to try again: too many staff pages were being rendered at once (`Retry-After` gives the seconds).')),
    },
  }),
  getAudit: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/audit',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: z.array(auditEntrySchema) },
  }),
  listThreads: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/threads',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: z.array(threadSchema) },
  }),
  createThread: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/threads',
    access: 'signedIn',
    params: policyParams,
    body: createThreadBodySchema,
    responses: { 201: threadSchema },
  }),
  updateThread: defineRoute({
    method: 'patch',
    path: '/api/policies/{id}/threads/{threadId}',
    access: 'signedIn',
    params: threadParams,
    body: updateThreadBodySchema,
    responses: { 200: threadSchema },
  }),
  addComment: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/threads/{threadId}/comments',
    access: 'signedIn',
    params: threadParams,
    body: createCommentBodySchema,
    responses: { 201: commentSchema },
  }),
  editComment: defineRoute({
    method: 'patch',
    path: '/api/policies/{id}/threads/{threadId}/comments/{commentId}',
    access: 'signedIn',
    params: commentParams,
    body: updateCommentBodySchema,
    responses: { 200: commentSchema },
  }),
  deleteComment: defineRoute({
    method: 'delete',
    path: '/api/policies/{id}/threads/{threadId}/comments/{commentId}',
    access: 'signedIn',
    params: commentParams,
    responses: { 200: okSchema },
  }),
  listNotifications: defineRoute({
    method: 'get',
    path: '/api/me/notifications',
    access: 'signedIn',
    responses: { 200: notificationsSchema },
  }),
  readNotifications: defineRoute({
    method: 'post',
    path: '/api/me/notifications/read',
    access: 'signedIn',
    body: readNotificationsBodySchema,
    responses: { 200: readNotificationsResultSchema },
  }),
  exportPolicy: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/export',
    access: 'signedIn',
    kind: 'file',
    contentTypes: Object.values(EXPORT_CONTENT_TYPES),
    params: policyParams,
    query: exportQuerySchema,
    responses: { 200: z.string().check(z.describe('The file.')) },
  }),

  signSection: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/sections/{sectionId}/signoffs',
    access: 'signedIn',
    params: sectionParams,
    body: signoffBodySchema,
    responses: { 201: signoffEventSchema },
  }),
  revokeSignoff: defineRoute({
    method: 'delete',
    path: '/api/policies/{id}/sections/{sectionId}/signoffs',
    access: 'signedIn',
    params: sectionParams,
    responses: { 200: signoffEventSchema },
  }),
  signedContent: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/sections/{sectionId}/signoffs/{department}',
    access: 'signedIn',
    params: z.extend(sectionParams, { department: z.string().check(z.describe('Department id.')) }),
    responses: { 200: signedContentSchema },
  }),
  setRequirements: defineRoute({
    method: 'put',
    path: '/api/policies/{id}/sections/{sectionId}/requirements',
    access: 'signedIn',
    params: sectionParams,
    body: requirementsBodySchema,
    responses: { 200: requirementsResultSchema },
  }),
  confirmEndorsement: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/endorsement',
    access: 'signedIn',
    params: policyParams,
    body: endorsementBodySchema,
    responses: { 201: endorsementResultSchema },
  }),

  listMembers: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/members',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: membersSchema },
  }),
  addMembers: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/members',
    access: 'signedIn',
    params: policyParams,
    body: addMemberBodySchema,
    bodyCheckedByHandler: true,
    responses: { 201: membersAddedSchema },
  }),
  removeMember: defineRoute({
    method: 'delete',
    path: '/api/policies/{id}/members/{userId}',
    access: 'signedIn',
    params: z.extend(policyParams, { userId: z.string().check(z.describe('Account id.')) }),
    responses: { 200: memberRemovedSchema },
  }),

  getInventory: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/inventory',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: inventorySchema },
  }),
  addInventoryEntry: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/inventory',
    access: 'signedIn',
    params: policyParams,
    body: newInventoryEntryBodySchema,
    bodyCheckedByHandler: true,
    responses: { 201: inventoryEntrySchema },
  }),

  listClauses: defineRoute({
    method: 'get',
    path: '/api/clauses',
    access: 'signedIn',
    query: clauseListQuerySchema,
    responses: { 200: clauseListSchema },
  }),
  getClause: defineRoute({
    method: 'get',
    path: '/api/clauses/{id}',
    access: 'signedIn',
    params: z.object({ id: z.string().check(z.describe('Clause id, such as governance-approval-matrix.')) }),
    responses: { 200: clauseDetailSchema },
  }),
  insertClauseSection: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/sections',
    access: 'signedIn',
    params: policyParams,
    body: insertClauseSectionBodySchema,
    responses: { 201: insertedClauseSchema },
  }),
  insertClauseIntoSection: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/sections/{sectionId}/clauses',
    access: 'signedIn',
    params: sectionParams,
    body: insertClauseIntoSectionBodySchema,
    responses: { 201: insertedClauseSchema },
  }),
  listPolicyClauses: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/clauses',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: policyClausesSchema },
  }),
  takeClauseUpdate: defineRoute({
    method: 'post',
    path: '/api/policies/{id}/sections/{sectionId}/clauses/{clauseId}/update',
    access: 'signedIn',
    params: z.extend(sectionParams, { clauseId: z.string().check(z.describe('Clause id.')) }),
    responses: { 200: insertedClauseSchema },
  }),
  getPlaceholders: defineRoute({
    method: 'get',
    path: '/api/policies/{id}/placeholders',
    access: 'signedIn',
    params: policyParams,
    responses: { 200: policyPlaceholdersSchema },
  }),
  fillPlaceholders: defineRoute({
    method: 'put',
    path: '/api/policies/{id}/placeholders',
    access: 'signedIn',
    params: policyParams,
    body: fillPlaceholdersBodySchema,
    responses: { 200: filledPlaceholdersSchema },
  }),
} as const;

export type Api = typeof api;
export type ApiRouteName = keyof Api;
