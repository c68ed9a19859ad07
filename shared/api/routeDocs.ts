import { POLICY_EVENTS } from './events';
import type { DocumentedRoute, RouteDocs } from './route';
import { api, type ApiRouteName } from './routes';

// The reference text of every route: summary, description, its own error statuses with a
// sentence each, and an example. Only the server's OpenAPI document and docs page read it,
// so it lives apart from the route table the browser imports (`routes.ts`).

const HASH = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a';
const POLICY = 'p_8Hq2kLm4Xv';
const NOW = '2025-03-01T09:30:00.000Z';
const exampleUser = { id: 'u_3kd9', email: 'ada@example.org', name: 'Ada Admin', department: 'communications', role: 'admin' };
const exampleSection = { id: 's_intro', title: 'Purpose', owner: 'communications', approvers: ['legal'], hash: HASH, status: 'pending', signoffs: [] };
const exampleMember = { id: 'u_7hr2', name: 'Hana HR', department: 'hr', role: 'editor', effectiveRole: 'editor', addedBy: 'u_3kd9', addedAt: NOW };
const exampleEntry = {
  id: 'inv_1',
  department: 'marketing',
  platform: 'instagram',
  account: '@example',
  purpose: 'brand-awareness',
  audience: 'customers',
  tools: [{ name: 'Buffer', category: 'publishing' }],
  responsible: 'Social media lead',
  adminCount: 2,
  official: true,
};
const exampleClause = {
  id: 'endorsements-reviews-fake-reviews',
  title: 'No fake or bought reviews',
  group: 'endorsements-reviews',
  sectors: ['all'],
  owner: 'marketing',
  approvers: ['legal'],
  laws: ['FTC rule on fake reviews and testimonials, 16 CFR Part 465 (2024)'],
  reviewed: '2026-11-20',
  version: 1,
  jurisdiction: null,
  volatile: null,
  excerpt: 'We never write, buy or hide reviews.',
};
const examplePlaceholder = { name: 'crisis_contact', label: 'Crisis contact', hint: 'Who to call first when something goes wrong online, with a phone number that works at night.', example: 'the duty press officer, +1 555 0100' };
const examplePlaceholders = {
  placeholders: [
    { ...examplePlaceholder, value: null, unfilled: 2 },
    { name: 'response_time', label: 'Response time for messages', hint: 'How soon official accounts answer public questions and messages.', example: 'one business day', value: 'one business day', unfilled: 0 },
  ],
  unfilled: 2,
  sections: [{ sectionId: 's_crisis', title: 'Crisis response', unfilled: 2, names: ['crisis_contact'] }],
};
const exampleAuthor = { id: 'u_9lg1', name: 'Lee Legal', department: 'legal' };
const exampleComment = { id: 'c_1', threadId: 't_1', author: exampleAuthor, body: 'Can we promise this? @HR', mentions: [{ kind: 'department', id: 'hr', name: 'HR' }], createdAt: NOW, editedAt: null };
const exampleThread = {
  id: 't_1',
  policyId: POLICY,
  sectionId: 's_intro',
  sectionTitle: 'Purpose',
  quote: 'share health news',
  status: 'open',
  anchored: true,
  createdBy: exampleAuthor,
  createdAt: NOW,
  resolvedBy: null,
  resolvedAt: null,
  comments: [exampleComment],
};
const exampleEvent = {
  id: 12,
  policyId: POLICY,
  sectionId: 's_intro',
  sectionTitle: 'Purpose',
  department: 'legal',
  action: 'signoff',
  userId: 'u_9lg1',
  userName: 'Lee Legal',
  hash: HASH,
  comment: 'Fine by legal',
  at: NOW,
};

/** What the reference says about each route of {@link api}; every route has an entry. */
export const routeDocs = {
  health: {
    area: 'Server',
    summary: 'Health and set-up state',
    description: 'Whether the database accepts writes, and whether the first account still has to be created. 503 while storage refuses writes, so a monitor notices.',
    errors: {},
    example: {
      status: 200,
      response: { ok: true, setupNeeded: false, setupTokenRequired: false, storage: { ok: true, writable: true, lastWriteError: null, lastWriteAt: NOW, checkedAt: NOW } },
    },
  },
  openapi: {
    area: 'Server',
    summary: 'This reference as OpenAPI 3.1',
    description: 'The OpenAPI 3.1 document of every route, generated from the same table the server validates with. Public: it describes the API, not any data.',
    errors: {},
    example: { status: 200, response: { openapi: '3.1.0', info: { title: 'Accord API', version: '1' } } },
  },
  docs: {
    area: 'Server',
    summary: 'This reference as a web page',
    description: 'Every route grouped by area, with its parameters, body, answers, errors and an example. Public, like the OpenAPI document.',
    errors: {},
    example: { status: 200 },
  },

  signup: {
    area: 'Accounts',
    summary: 'Create an account',
    description:
      'The first account of a fresh server becomes an admin of the department it names (and needs the setup token when the server listens beyond this machine). Everyone after that signs up through an invite, which decides their department and role. Starts a session (Set-Cookie).',
    errors: {
      400: 'A field is missing or wrong (`field` names it), or the invite is for an archived department.',
      403: 'No valid invite, or the setup token is missing or wrong, or local passwords are turned off (ACCORD_OIDC_ONLY) and this is not the first account.',
      409: 'An account with this email already exists.',
      429: 'Too many attempts from this network; `retryAfter` says when to try again.',
    },
    example: { body: { email: 'ada@example.org', name: 'Ada Admin', password: 'correct horse battery', invite: 'Zm9vYmFy' }, status: 201, response: exampleUser },
  },
  login: {
    area: 'Accounts',
    summary: 'Sign in',
    description: 'Checks the email and password and starts a session (Set-Cookie). The session this browser had before ends.',
    errors: { 400: 'The email or password is missing.', 401: 'Email or password is incorrect.', 403: 'Local passwords are turned off (ACCORD_OIDC_ONLY); only the break-glass admin may use one.', 429: 'Too many attempts; `retryAfter` says when to try again.' },
    example: { body: { email: 'ada@example.org', password: 'correct horse battery' }, status: 200, response: exampleUser },
  },
  logout: {
    area: 'Accounts',
    summary: 'Sign out',
    description: 'Ends the session of this cookie, if any, and clears the cookie.',
    errors: {},
    example: { status: 200, response: { ok: true } },
  },
  inviteInfo: {
    area: 'Accounts',
    summary: 'What an invite grants',
    description: 'The department and role an invite link gives, so the sign-up page can say so before anyone types.',
    errors: { 404: 'The invite is unknown, used, withdrawn or expired (the message says which, and whom to ask).' },
    example: { params: { token: 'Zm9vYmFy' }, status: 200, response: { department: 'hr', role: 'editor', expiresAt: 1741600000000, departmentName: 'Human resources', email: 'hana@example.org', organization: 'Northwind Trading' } },
  },
  authMethods: {
    area: 'Accounts',
    summary: 'How people sign in here',
    description: 'Whether password sign-in is on and, when single sign-on is set up, the provider\'s name for the "Sign in with …" button. Public: the sign-in page asks before anyone is signed in.',
    errors: {},
    example: { status: 200, response: { password: true, oidc: { name: 'Microsoft' } } },
  },
  oidcStart: {
    area: 'Accounts',
    summary: 'Start single sign-on',
    description:
      'Redirects the browser to the OpenID provider (authorization code flow with PKCE, state and nonce, each kept for ten minutes and usable once). `returnTo` is where the person lands afterwards; only paths on this site are followed. When single sign-on is not set up or the provider cannot be reached, redirects to `/sign-in?error=…` instead.',
    errors: { 400: 'A query parameter is given twice.' },
    example: { query: { returnTo: '/p/p_8Hq2kLm4Xv' }, status: 302 },
  },
  oidcCallback: {
    area: 'Accounts',
    summary: 'Finish single sign-on',
    description:
      'Where the provider sends the browser back (register `<ACCORD_ORIGIN>/api/auth/oidc/callback` with it). Checks the state, exchanges the code and checks the ID token (signature, issuer, audience, nonce, expiry), requires a verified e-mail, finds the account (by provider subject, then e-mail, then a pending invite for that address, then per ACCORD_OIDC_NEW_USERS), starts a session (Set-Cookie) and redirects to `returnTo`. Every refusal redirects to `/sign-in?error=<code>`, which the sign-in page puts in words.',
    errors: { 400: 'A query parameter is given twice.' },
    example: { query: { state: 'dGhlIHN0YXRl', code: 'c29tZSBjb2Rl' }, status: 302 },
  },
  me: {
    area: 'Accounts',
    summary: 'Who is signed in',
    description: 'The account of this session.',
    errors: {},
    example: { status: 200, response: exampleUser },
  },

  createInvite: {
    area: 'Administration',
    summary: 'Invite people',
    description:
      'Invites one address (`email`), several (`emails`, at most 50: trimmed, lowercased, duplicates dropped) or, with neither, makes a link not tied to an address. Each invite fixes department and role, works once and for seven days; an address-bound one works for that address only and its link is put in the outbox to be sent. The answer holds each link (shown only now) so it can be copied when mail is not set up. An address that already has a pending invite gets a new one and the old link stops working. With `emails` the answer is `{ invites: [...] }`, otherwise one invite. Admins only.',
    errors: {
      400: 'The department is unknown or archived, the role is not one of admin, editor, commenter, viewer, or an address is not valid (`field` names it, e.g. `emails.2`).',
      409: 'An address already has an account (the message names each one); nothing was created.',
    },
    example: {
      body: { email: 'hana@example.org', department: 'hr', role: 'editor' },
      status: 201,
      response: { id: 'a1b2c3d4e5f6a7b8c9', token: 'Zm9vYmFy', url: 'https://accord.example.org/signup?invite=Zm9vYmFy', email: 'hana@example.org', expiresAt: 1741600000000, department: 'hr', role: 'editor', mailQueued: true },
    },
  },
  listInvites: {
    area: 'Administration',
    summary: 'List invites',
    description:
      'The pending invites, newest first, each with what became of its latest e-mail. With `status=all`, then the accepted ones (with who joined and when), revoked and expired ones. Links are not shown again: resend or ask for a new link. Whether mail is set up and what waits in the outbox is `GET /api/admin/mail`. Admins only.',
    errors: { 400: 'The status filter is not pending or all.' },
    example: {
      query: { status: 'all' },
      status: 200,
      response: [
        { id: 'a1b2c3d4e5f6a7b8c9', email: 'hana@example.org', department: 'hr', role: 'editor', createdAt: 1741000000000, expiresAt: 1741600000000, sentAt: 1741000000000, sendCount: 1, status: 'pending', delivery: { state: 'sent', sentAt: 1741000002000, nextAttemptAt: null, lastError: null }, acceptedAt: null, joined: null },
      ],
    },
  },
  resendInvite: {
    area: 'Administration',
    summary: 'Send an invite again',
    description: 'Makes a new link for a pending or expired invite (the old link stops working), extends it for seven days from now and puts it in the outbox. Admins only.',
    errors: { 404: 'No invite with this id.', 409: 'The invite was accepted or revoked, has no address, or its address has an account now.' },
    example: { params: { id: 'a1b2c3d4e5f6a7b8c9' }, status: 200, response: { id: 'a1b2c3d4e5f6a7b8c9', token: 'YmFyYmF6', url: 'https://accord.example.org/signup?invite=YmFyYmF6', email: 'hana@example.org', expiresAt: 1741700000000, department: 'hr', role: 'editor', mailQueued: true } },
  },
  inviteLink: {
    area: 'Administration',
    summary: 'A fresh link to copy',
    description: 'Makes a new link for a pending or expired invite without sending anything (the old link stops working) and extends it for seven days, for an admin to hand over themselves. Admins only.',
    errors: { 404: 'No invite with this id.', 409: 'The invite was accepted or revoked, or its address has an account now.' },
    example: { params: { id: 'a1b2c3d4e5f6a7b8c9' }, status: 200, response: { id: 'a1b2c3d4e5f6a7b8c9', token: 'YmF6cXV4', url: 'https://accord.example.org/signup?invite=YmF6cXV4', email: 'hana@example.org', expiresAt: 1741700000000, department: 'hr', role: 'editor', mailQueued: false } },
  },
  revokeInvite: {
    area: 'Administration',
    summary: 'Withdraw an invite',
    description: 'Its link stops working at once and says the invite was withdrawn. Admins only.',
    errors: { 404: 'No invite with this id.', 409: 'The invite was accepted already.' },
    example: {
      params: { id: 'a1b2c3d4e5f6a7b8c9' },
      status: 200,
      response: { id: 'a1b2c3d4e5f6a7b8c9', email: 'hana@example.org', department: 'hr', role: 'editor', createdAt: 1741000000000, expiresAt: 1741600000000, sentAt: 1741000000000, sendCount: 1, status: 'revoked', delivery: null, acceptedAt: null, joined: null },
    },
  },
  mailStatus: {
    area: 'Administration',
    summary: 'Outgoing mail status',
    description: 'Whether an SMTP server is set up (ACCORD_SMTP_URL), how many messages wait to be sent or retried, how many were given up, and the mail server\'s last refusal. Admins only.',
    errors: {},
    example: { status: 200, response: { configured: true, pending: 3, failed: 0, lastError: '451 4.7.1 Greylisted, try again later', nextAttemptAt: 1741000030000 } },
  },
  listUsers: {
    area: 'Administration',
    summary: 'Every account',
    description: 'Admins only.',
    errors: {},
    example: { status: 200, response: [exampleUser] },
  },
  updateUser: {
    area: 'Administration',
    summary: "Change a person's department or role",
    description: 'Admins only; nobody changes their own department.',
    errors: {
      400: 'Nothing to change, or the department is unknown or archived.',
      403: 'An admin tried to change their own department.',
      404: 'No account with this id.',
      409: 'The change would leave the organization without an admin.',
    },
    example: { params: { id: 'u_7hr2' }, body: { role: 'admin' }, status: 200, response: { ...exampleUser, id: 'u_7hr2', name: 'Hana HR', department: 'hr' } },
  },
  removeUser: {
    area: 'Administration',
    summary: 'Remove an account',
    description: 'Ends their sessions and open connections at once. Admins only.',
    errors: { 404: 'No account with this id.', 409: 'The last admin, or the caller themselves, cannot be removed.' },
    example: { params: { id: 'u_7hr2' }, status: 200, response: { ok: true } },
  },

  requestPasswordReset: {
    area: 'Accounts',
    summary: 'Forgot password: ask for a reset link',
    description:
      'When the address has an account with a password, a single-use link valid for 30 minutes goes to it by e-mail. The answer, and the time it takes, are the same whether or not the address has an account. Limited per network like sign-in.',
    errors: { 429: 'Too many attempts from this network; `retryAfter` says when to try again.' },
    example: { body: { email: 'ada@example.org' }, status: 200, response: { ok: true, message: 'If ada@example.org has an account, a link to choose a new password is on its way. It works once, for 30 minutes.' } },
  },
  resetPassword: {
    area: 'Accounts',
    summary: 'Choose a new password with a reset link',
    description:
      'Checks the password rules (at least 10 characters, not a common password, not your e-mail or name), sets the password, ends every session of the account (and its other reset links), then signs this browser in with a fresh session (Set-Cookie).',
    errors: { 400: 'The link is not a valid one, or the new password breaks a rule (`field` is `password`).', 410: 'The link has been used already, or has expired.', 429: 'Too many attempts from this network.' },
    example: { params: { token: 'q3Jx9c2bQm' }, body: { password: 'violet tractor marmalade' }, status: 200, response: exampleUser },
  },
  adminPasswordReset: {
    area: 'Administration',
    summary: 'Send someone a password reset',
    description:
      'Sends the person a single-use reset link valid for 30 minutes. When mail is not set up the answer carries the link, so the admin can hand it over. Their sessions go on until the link is used; using it signs them out everywhere. Admins only.',
    errors: { 404: 'No account with this id.', 409: 'The account signs in with single sign-on and has no password here.' },
    example: { params: { id: 'u_7hr2' }, status: 200, response: { sent: false, url: 'https://accord.example.org/reset-password/q3Jx9c2bQm', expiresAt: 1741600000000 } },
  },
  updateMe: {
    area: 'Accounts',
    summary: 'Change your name or e-mail',
    description: 'Either or both. A new e-mail address needs `currentPassword` (the address is how you sign in and reset your password, so a session alone cannot move it); single sign-on accounts keep the address their provider gives. An e-mail address that another account has (in any case) is refused.',
    errors: { 400: 'Nothing to change, a field is wrong (`field` names it), the current password is missing, or the account signs in with single sign-on.', 403: 'The current password is wrong.', 409: 'Another account has this e-mail address.', 429: 'Too many wrong passwords; try again later.' },
    example: { body: { name: 'Ada Lovelace' }, status: 200, response: { ...exampleUser, name: 'Ada Lovelace' } },
  },
  changePassword: {
    area: 'Accounts',
    summary: 'Change your password',
    description: 'Needs the current password; the new one must follow the password rules. Signs out every other session of the account; this one stays signed in.',
    errors: {
      400: 'The new password breaks a rule (`field` is `newPassword`), or the account signs in with single sign-on.',
      403: 'The current password is not right (`field` is `currentPassword`).',
      429: 'Too many wrong current passwords; `retryAfter` says when to try again.',
    },
    example: { body: { currentPassword: 'correct horse battery', newPassword: 'violet tractor marmalade' }, status: 200, response: { ok: true, endedSessions: 2 } },
  },
  getNotificationSettings: {
    area: 'Accounts',
    summary: 'Which notifications reach you by e-mail',
    description: '`each`: an e-mail for each comment notification (sent within a minute or so); `digest`: one e-mail a day listing what you have not read; `none`: only the inbox.',
    errors: {},
    example: { status: 200, response: { email: 'each' } },
  },
  setNotificationSettings: {
    area: 'Accounts',
    summary: 'Choose which notifications reach you by e-mail',
    description: 'See the settings above. Applies from the next notification on.',
    errors: { 400: 'The choice is not each, digest or none.' },
    example: { body: { email: 'digest' }, status: 200, response: { email: 'digest' } },
  },
  listSessions: {
    area: 'Accounts',
    summary: 'Your active sessions',
    description: 'Every browser signed in to your account, most recently used first, with the device in words; `current` marks the one asking.',
    errors: {},
    example: { status: 200, response: [{ id: 'a1b2c3d4e5f60718', createdAt: 1741000000000, lastSeenAt: 1741500000000, device: 'Firefox on Windows', current: true }] },
  },
  endOtherSessions: {
    area: 'Accounts',
    summary: 'Sign out everywhere else',
    description: 'Ends every session of your account but this one, and closes their open editors at once.',
    errors: {},
    example: { status: 200, response: { ended: 2 } },
  },
  endSession: {
    area: 'Accounts',
    summary: 'Sign out one session',
    description: 'Ends one of your sessions by its handle from the list, and closes its open editors at once.',
    errors: { 404: 'None of your sessions has this handle.' },
    example: { params: { id: 'a1b2c3d4e5f60718' }, status: 200, response: { ended: 1 } },
  },

  getOrganization: {
    area: 'Administration',
    summary: "The organization's name",
    description: 'As an admin set it on the People page. New policies start with it, and mail names it; `name` is null until an admin sets one.',
    errors: {},
    example: { status: 200, response: { name: 'Northwind Trading', updatedAt: '2026-12-03T09:30:00.000Z', updatedBy: 'Ada Admin' } },
  },
  updateOrganization: {
    area: 'Administration',
    summary: "Set the organization's name",
    description: "Admins only. Policies made before keep the organization they were made for; mail sent from now on uses the new name.",
    errors: { 400: 'The name is empty, longer than 120 characters or on more than one line (`field` names it).' },
    example: { body: { name: 'Northwind Trading' }, status: 200, response: { name: 'Northwind Trading', updatedAt: '2026-12-03T09:30:00.000Z', updatedBy: 'Ada Admin' } },
  },

  listDepartments: {
    area: 'Departments',
    summary: "The organization's departments",
    description: 'Archived ones too (marked), so old sections and sign-offs still show their names.',
    errors: {},
    example: { status: 200, response: [{ id: 'hr', name: 'Human resources', color: '#009E73', archived: false }] },
  },
  createDepartment: {
    area: 'Departments',
    summary: 'Add a department',
    description: 'Admins only. The id is made from the name when not given; the colour is chosen in turn when not given.',
    errors: { 400: 'The name, colour or id is not valid (`field` names it).', 409: 'A department with this id or name exists already.' },
    example: { body: { name: 'Investor relations' }, status: 201, response: { id: 'investor-relations', name: 'Investor relations', color: '#0072B2', archived: false } },
  },
  updateDepartment: {
    area: 'Departments',
    summary: 'Rename, recolour or archive a department',
    description: 'Admins only. Departments are archived, never deleted.',
    errors: { 400: 'Nothing to change, or a value is not valid (`field` names it).', 404: 'No department with this id.', 409: 'Another department has this name already.' },
    example: { params: { id: 'hr' }, body: { archived: true }, status: 200, response: { id: 'hr', name: 'Human resources', color: '#009E73', archived: true } },
  },

  listTemplates: {
    area: 'Templates',
    summary: 'Built-in policy templates',
    description: 'Each template with its sections and who owns and approves each; with `q`, only the templates whose text has every word, with where it matched.',
    errors: { 400: 'The search is longer than 200 characters.' },
    example: {
      status: 200,
      response: [
        {
          id: 'healthcare-provider',
          title: 'Healthcare provider',
          sector: 'Health',
          summary: 'For clinics and hospitals.',
          jurisdiction: 'US federal law',
          placeholders: [examplePlaceholder],
          sections: [{ title: 'Purpose', owner: 'communications', approvers: ['legal'] }],
        },
      ],
    },
  },
  getTemplate: {
    area: 'Templates',
    summary: 'One template with its text',
    description: 'For the preview before creating a policy from it.',
    errors: { 404: 'No template with this id.' },
    example: {
      params: { id: 'healthcare-provider' },
      status: 200,
      response: {
        id: 'healthcare-provider',
        title: 'Healthcare provider',
        sector: 'Health',
        summary: 'For clinics and hospitals.',
        jurisdiction: 'US federal law',
        placeholders: [examplePlaceholder],
        sections: [{ title: 'Purpose', owner: 'communications', approvers: ['legal'], content: [{ type: 'paragraph', content: [{ type: 'text', text: 'This policy…' }] }], text: 'This policy…' }],
      },
    },
  },
  listPeople: {
    area: 'Sharing',
    summary: 'Everyone, for choosing whom to share with',
    description: "Every account's id, name and department. Editors and admins.",
    errors: { 403: 'Viewers cannot share, so they do not get the list.' },
    example: { status: 200, response: [{ id: 'u_7hr2', name: 'Hana HR', department: 'hr' }] },
  },

  listPolicies: {
    area: 'Policies',
    summary: 'The policies the caller can see',
    description: 'Each with its status and how many of its sections are signed. A policy whose document cannot be read is listed with `unreadable: true`.',
    errors: {},
    example: {
      status: 200,
      response: [{ id: POLICY, title: 'Social media policy', organization: 'Example Health', sharing: 'organization', createdAt: NOW, updatedAt: NOW, reviewBy: null, status: 'pending', sectionCount: 8, signedCount: 3, partlySignedCount: 2 }],
    },
  },
  createPolicy: {
    area: 'Policies',
    summary: 'Create a policy',
    description:
      'Blank, or from a template. A template department the organization does not have must be mapped to one it has (`departmentMap`). `placeholders` fills the template’s `{{name}}` placeholders at once and stores the values for later. Without `organization`, the policy is made for the organization’s name as an admin set it (`GET /api/organization`).',
    errors: {
      400: 'A field is wrong, the template is unknown, a placeholder name is unknown (`field` is `placeholders.name`), or template departments are not mapped (`missingDepartments` lists them).',
      403: 'The caller has created as many policies as the operator allows.',
      507: "The operator's storage limit is reached.",
    },
    example: { body: { title: 'Social media policy', templateId: 'healthcare-provider', organization: 'Example Health' }, status: 201, response: { id: POLICY } },
  },
  getPolicy: {
    area: 'Policies',
    summary: 'A policy with its sections and sign-offs',
    description: 'Sign-off state as the server computes it from its own copy of the document, the reading level of each section and who changed it last.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: {
      params: { id: POLICY },
      status: 200,
      response: {
        id: POLICY,
        title: 'Social media policy',
        organization: 'Example Health',
        gradeTarget: 8,
        sharing: 'organization',
        role: 'admin',
        canShare: true,
        status: 'pending',
        structureChanged: false,
        confirmations: null,
        fingerprint: HASH,
        endorsedAt: null,
        endorsedFingerprint: null,
        reviewBy: '2027-12-01',
        canSetReview: true,
        structureChange: null,
        sections: [{ ...exampleSection, readability: { grade: 9.1, readingEase: 55.2 }, lastChangedBy: null, lastChangedAt: null }],
        signers: [
          { department: 'legal', people: [{ id: 'u2', name: 'Lena Legal' }] },
          { department: 'compliance', people: [] },
        ],
        accessGrantors: [{ id: 'u1', name: 'Ada Admin' }],
      },
    },
  },
  updatePolicy: {
    area: 'Policies',
    summary: 'Change the reading-level target, the sharing or the review date',
    description:
      'The target: admins. The sharing and the review date: admins and the editors the policy is shared with. `reviewBy` is a calendar day (`YYYY-MM-DD`), not before the caller’s today and at most five years ahead; `null` removes it. A changed review date is written to the audit trail (`review_date_set`, with the day before and after).',
    errors: { 400: 'Nothing to change, or a value is out of range (a review day that is not a real day, has passed or is too far ahead).', 403: 'The caller may not change this setting.', 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, body: { reviewBy: '2027-12-01' }, status: 200, response: { id: POLICY, reviewBy: '2027-12-01' } },
  },
  policyEvents: {
    area: 'Policies',
    summary: 'Live sign-off status (server-sent events)',
    description: `A text/event-stream. Event \`${POLICY_EVENTS.status}\` carries the policy's sign-off state, on connect and whenever it changes; event \`${POLICY_EVENTS.access}\` (\`{ message }\`) says the caller's access ended, and the stream closes.`,
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: { status: 'pending', structureChanged: false, confirmations: null, title: 'Social media policy', fingerprint: HASH, endorsedAt: null, sections: [exampleSection] } },
  },
  listVersions: {
    area: 'Sign-offs',
    summary: 'The endorsed versions',
    description: 'Every version the policy was endorsed in, newest first, with when, its fingerprint and title. Export one with `GET /api/policies/{id}/export?version=endorsed&endorsedVersion=N`.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: [{ version: 2, endorsedAt: '2026-12-03T09:30:00.000Z', fingerprint: 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12', title: 'Social Media Policy 2027', sectionCount: 18, signerCount: 41 }] },
  },
  getStaffLink: {
    area: 'Sign-offs',
    summary: 'The staff link',
    description: 'Whether the policy has a staff link, its path when it has, who made it and when, and the endorsed version it shows. Anyone who can open the policy sees it; only the people who manage the policy change it.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: { active: true, path: '/read/k3JxV9qLmT2bW8nZpR4sY6cA1dF0gH5e', createdAt: '2026-12-04T10:00:00.000Z', createdBy: 'Ada Admin', endorsedVersion: 2, blanks: [], canManage: true } },
  },
  createStaffLink: {
    area: 'Sign-offs',
    summary: 'Make the staff link',
    description:
      'Makes a link that shows the latest endorsed version of the policy to anyone who has it, without an account: for the intranet or an all-staff e-mail. A policy has one link; making a new one stops the old. Recorded in the audit trail (`staff_link_created`). Admins and the editors the policy is shared with.',
    errors: { 403: 'The caller may not manage this policy.', 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 201, response: { active: true, path: '/read/k3JxV9qLmT2bW8nZpR4sY6cA1dF0gH5e', createdAt: '2026-12-04T10:00:00.000Z', createdBy: 'Ada Admin', endorsedVersion: 2, blanks: [], canManage: true } },
  },
  stopStaffLink: {
    area: 'Sign-offs',
    summary: 'Stop the staff link',
    description: 'The link stops working at once (it answers 404). Recorded in the audit trail (`staff_link_stopped`) when there was a link. Admins and the editors the policy is shared with.',
    errors: { 403: 'The caller may not manage this policy.', 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: { active: false, path: null, createdAt: null, createdBy: null, endorsedVersion: 2, blanks: ['Legal contact'], canManage: true } },
  },
  readStaffLink: {
    area: 'Sign-offs',
    summary: 'Read the policy through its staff link',
    description:
      'No sign-in. The latest endorsed version, exactly as endorsed (never the draft being written), as a page to read (`format=html`) or a PDF (`format=pdf`), with its version, the endorsement date and the next review. Before the first endorsement the page says so and shows no text. Pages are not to be indexed (`X-Robots-Tag: noindex`) and send no referrer.',
    errors: { 404: 'No staff link with this token (it never was, or was stopped or replaced): an HTML page saying so.' },
    example: { params: { token: 'k3JxV9qLmT2bW8nZpR4sY6cA1dF0gH5e' }, query: { format: 'html' }, status: 200 },
  },
  compareVersion: {
    area: 'Sign-offs',
    summary: 'What changed since an endorsed version',
    description:
      'The endorsed version beside the policy as the server reads it now: the title when it changed, and each section whose text, heading, owner or approvers differ, that was added, deleted or moved, with its text then and now (plain text; compare the words on the client). For the yearly review: what the departments are asked to endorse again.',
    errors: { 400: 'The version is not a number.', 404: 'No policy with this id that the caller can see, or no such endorsed version.' },
    example: {
      params: { id: POLICY, version: '1' },
      status: 200,
      response: {
        version: 1,
        endorsedAt: '2026-12-03T09:30:00.000Z',
        title: { before: 'Social Media Policy', after: 'Social Media Policy 2027' },
        sections: [
          {
            sectionId: 's_official',
            change: 'changed',
            moved: null,
            before: { title: 'Official accounts', text: 'Only Communications opens accounts.', owner: 'communications', approvers: [] },
            after: { title: 'Official accounts', text: 'Only Communications opens or closes accounts.', owner: 'communications', approvers: ['it'] },
          },
        ],
        unchanged: 17,
      },
    },
  },
  getAudit: {
    area: 'Policies',
    summary: 'The audit trail',
    description: 'Sign-offs and revocations beside requirement changes, sections added and removed, and endorsements; newest first.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: [{ ...exampleEvent, kind: 'signoff' }] },
  },
  listThreads: {
    area: 'Comments',
    summary: 'The comment threads of a policy',
    description: 'Every thread, open and resolved, with its comments (oldest first). `anchored: false` means the text it was anchored on has been deleted; the thread keeps its quote.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: [exampleThread] },
  },
  createThread: {
    area: 'Comments',
    summary: 'Start a thread on a piece of text',
    description: 'The server anchors the thread on the first occurrence of `quote` in the section (or the one `occurrence` names) by adding a comment mark with the thread’s id to the shared document; the section’s hash does not change, so no sign-off goes stale. Mentions (`@Name` or `@Department`) notify those named. Editors, commenters and admins may comment; viewers only read.',
    errors: {
      400: 'The body is empty or too long, or the quote is not in that section (`field: "quote"`) or overlaps another thread.',
      403: 'The caller may only read this policy.',
      404: 'No policy or section with this id that the caller can see.',
    },
    example: { params: { id: POLICY }, body: { sectionId: 's_intro', quote: 'share health news', body: 'Can we promise this? @HR' }, status: 201, response: exampleThread },
  },
  updateThread: {
    area: 'Comments',
    summary: 'Resolve or reopen a thread',
    description: 'Anyone who may comment on the policy may resolve or reopen a thread. Resolving keeps the mark in the text (shown only when resolved threads are shown).',
    errors: { 403: 'The caller may only read this policy.', 404: 'No policy or thread with this id on this policy.' },
    example: { params: { id: POLICY, threadId: 't_1' }, body: { status: 'resolved' }, status: 200, response: { ...exampleThread, status: 'resolved', resolvedBy: exampleAuthor, resolvedAt: NOW } },
  },
  addComment: {
    area: 'Comments',
    summary: 'Reply in a thread',
    description: 'Also on resolved threads and on threads whose text was removed. Notifies the thread’s other participants and anyone mentioned.',
    errors: { 400: 'The body is empty or too long, or the thread is full.', 403: 'The caller may only read this policy.', 404: 'No policy or thread with this id on this policy.' },
    example: { params: { id: POLICY, threadId: 't_1' }, body: { body: 'Agreed, I will reword it.' }, status: 201, response: { ...exampleComment, id: 'c_2', body: 'Agreed, I will reword it.', mentions: [] } },
  },
  editComment: {
    area: 'Comments',
    summary: 'Change one’s own comment',
    description: 'Only the author may change a comment; `editedAt` then shows it was edited.',
    errors: { 400: 'The body is empty or too long.', 403: 'The comment is someone else’s, or the caller may only read this policy.', 404: 'No policy, thread or comment with this id here.' },
    example: { params: { id: POLICY, threadId: 't_1', commentId: 'c_1' }, body: { body: 'Can we promise this? @HR please check.' }, status: 200, response: { ...exampleComment, body: 'Can we promise this? @HR please check.', editedAt: NOW } },
  },
  deleteComment: {
    area: 'Comments',
    summary: 'Delete one’s own comment',
    description: 'Only the author (or an admin) may delete a comment. Deleting the only comment of a thread deletes the thread and its mark in the text.',
    errors: { 403: 'The comment is someone else’s, or the caller may only read this policy.', 404: 'No policy, thread or comment with this id here.' },
    example: { params: { id: POLICY, threadId: 't_1', commentId: 'c_2' }, status: 200, response: { ok: true } },
  },
  listNotifications: {
    area: 'Comments',
    summary: 'The caller’s notifications',
    description: 'Mentions, replies in threads the caller wrote in, and new threads on sections the caller’s department owns or approves; newest first, with the unread count.',
    errors: {},
    example: {
      status: 200,
      response: {
        unread: 1,
        notifications: [{ id: 'n_1', kind: 'mention', policyId: POLICY, policyTitle: 'Social media policy', threadId: 't_1', commentId: 'c_1', sectionId: 's_intro', sectionTitle: 'Purpose', by: exampleAuthor, excerpt: 'Can we promise this? @HR', createdAt: NOW, readAt: null }],
      },
    },
  },
  readNotifications: {
    area: 'Comments',
    summary: 'Mark notifications read',
    description: 'The ones named by `ids`, or all of them when `ids` is left out. Answers with the unread count left.',
    errors: { 400: 'Too many ids at once.' },
    example: { body: { ids: ['n_1'] }, status: 200, response: { unread: 0 } },
  },
  exportPolicy: {
    area: 'Policies',
    summary: 'Download the policy',
    description: 'As Word, tagged PDF, HTML or Markdown. `parts` chooses what it holds (default `text,endorsement`; add `readability`, `inventory`, `comments`). `comments` adds the open comment threads for review copies: real Word comments on the commented text in DOCX, numbered notes after each section in PDF, HTML and Markdown; threads whose text was removed are listed with their quote. `version=endorsed` exports the last endorsed version, never with comments. The answer is the file (Content-Disposition: attachment).',
    errors: { 400: 'The format, version or a part is not one of the choices.', 404: 'No policy with this id that the caller can see, or it was never endorsed (`version=endorsed`).' },
    example: { params: { id: POLICY }, query: { format: 'md', parts: 'text,endorsement,readability' }, status: 200 },
  },

  signSection: {
    area: 'Sign-offs',
    summary: "Sign a section for the caller's department",
    description: 'The caller sends the hash of the section as they see it; the server signs only when that is the hash of its own copy, so nobody signs text they have not seen.',
    errors: {
      400: 'The hash is not 64 hex digits, or the comment is too long.',
      403: "The caller's department is not asked to sign this section, or the caller is a viewer or a commenter.",
      404: 'No policy, or no section with this id in it.',
      409: 'The section changed while the caller was reading it (`currentHash` is the hash now).',
    },
    example: { params: { id: POLICY, sectionId: 's_intro' }, body: { hash: HASH, comment: 'Fine by legal' }, status: 201, response: exampleEvent },
  },
  revokeSignoff: {
    area: 'Sign-offs',
    summary: "Withdraw the caller's department's sign-off",
    description: 'A new audit entry; the earlier sign-off stays in the trail.',
    errors: { 403: 'The caller is a viewer or a commenter.', 404: "No policy or section with this id, or the caller's department has no sign-off on it." },
    example: { params: { id: POLICY, sectionId: 's_intro' }, status: 200, response: { ...exampleEvent, id: 13, action: 'revoke', comment: '' } },
  },
  signedContent: {
    area: 'Sign-offs',
    summary: 'What a department signed, beside the text now',
    description: 'For "what changed since": the content as signed, the current content, who changed the section since, each change beyond reworded text (formatting, links, lists, tables) with who made it, and owner or approver changes.',
    errors: { 404: 'No policy with this id, or this department has not signed this section.' },
    example: {
      params: { id: POLICY, sectionId: 's_intro', department: 'legal' },
      status: 200,
      response: {
        signed: { title: 'Purpose', content: [{ type: 'paragraph' }], text: 'Purpose\n', at: NOW, userName: 'Lee Legal' },
        current: { title: 'Purpose', text: 'Purpose\nThis policy…', content: [{ type: 'paragraph' }], hash: HASH },
        changedBy: [{ id: 'u_3kd9', name: 'Ada Admin', department: 'communications', at: NOW }],
        changes: [{ kind: 'format', description: 'Bold added to ‘never’', by: [{ id: 'u_3kd9', name: 'Ada Admin', department: 'communications', at: NOW }] }],
        requirementChanges: [{ at: NOW, by: { id: 'u_3kd9', name: 'Ada Admin', department: 'communications' }, before: { owner: 'communications', approvers: ['legal'] }, after: { owner: 'communications', approvers: ['legal', 'hr'] } }],
      },
    },
  },
  setRequirements: {
    area: 'Sign-offs',
    summary: 'Change who must sign a section',
    description: "The owning department and the approving departments. Editors of the owning department and admins. The document's copy is rewritten from this; the section's sign-offs become stale.",
    errors: {
      400: 'A department is unknown or archived (`field` names it).',
      403: 'The caller is neither an editor of the owning department nor an admin.',
      404: 'No policy, or no section with this id in it.',
      503: 'The policy cannot be opened from storage right now.',
    },
    example: {
      params: { id: POLICY, sectionId: 's_intro' },
      body: { owner: 'communications', approvers: ['legal', 'hr'] },
      status: 200,
      response: { sectionId: 's_intro', owner: 'communications', approvers: ['legal', 'hr'], before: { owner: 'communications', approvers: ['legal'] }, changed: true },
    },
  },
  confirmEndorsement: {
    area: 'Sign-offs',
    summary: 'Confirm the policy as a whole',
    description: "When every section is signed but the title or order changed since the last endorsement, each department that signs part of the policy confirms the new fingerprint; the last confirmation endorses it.",
    errors: {
      400: 'The fingerprint is not 64 hex digits.',
      403: "The caller's department signs no section of this policy, or the caller is a viewer or a commenter.",
      404: 'No policy with this id that the caller can see.',
      409: 'The policy changed since (`currentFingerprint`), is endorsed already, or is not fully signed.',
    },
    example: { params: { id: POLICY }, body: { fingerprint: HASH }, status: 201, response: { fingerprint: HASH, endorsed: false, version: 1, confirmed: ['legal'], waiting: ['hr'] } },
  },

  listMembers: {
    area: 'Sharing',
    summary: 'Who a policy is shared with',
    description: 'Its sharing setting, its members with their roles, and the history of changes.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: { sharing: 'members', canShare: true, members: [exampleMember], history: [] } },
  },
  addMembers: {
    area: 'Sharing',
    summary: 'Share a policy with a person or a department',
    description: '`{ userId, role }` adds one person or gives them the new role; `{ department, role }` adds everyone of it not listed yet. Admins and the policy’s editors by membership.',
    errors: { 400: 'No such person, or nobody works in the department.', 403: 'The caller may not change who the policy is shared with.', 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, body: { userId: 'u_7hr2', role: 'editor' }, status: 201, response: { added: ['u_7hr2'], members: [exampleMember] } },
  },
  removeMember: {
    area: 'Sharing',
    summary: 'Stop sharing a policy with a person',
    description: 'Their open editors and streams of this policy end at once when they can no longer see it.',
    errors: { 403: 'The caller may not change who the policy is shared with.', 404: 'No policy with this id, or the person is not a member.' },
    example: { params: { id: POLICY, userId: 'u_7hr2' }, status: 200, response: { removed: 'u_7hr2', members: [] } },
  },

  getInventory: {
    area: 'Inventory',
    summary: "The policy's social media inventory",
    description: 'The accounts each department runs, and what the synergy finder sees in them.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: { entries: [exampleEntry], invalid: [], findings: [] } },
  },
  addInventoryEntry: {
    area: 'Inventory',
    summary: 'Add an inventory entry',
    description: "For scripts and imports; it reaches everyone's open inventory view live. The department defaults to the caller's.",
    errors: {
      400: 'A field is wrong (`field` names the first, `errors` lists every one).',
      404: 'No policy with this id that the caller can see.',
      409: 'An entry with this id exists, or the inventory is full (`limit`).',
    },
    example: { params: { id: POLICY }, body: { ...exampleEntry, id: undefined }, status: 201, response: exampleEntry },
  },

  listClauses: {
    area: 'Templates',
    summary: 'Clauses to build a policy from',
    description: 'The clause library (templates/clauses/), each clause with its group, sectors, owner, approvers, laws and review date. Filters combine: `q` words in the text, `group`, `sector` (clauses for all sectors included), `law` words in its laws, `owner` a department id. Not legal advice; US federal law unless `jurisdiction` says otherwise.',
    errors: { 400: 'A filter is not valid (`field` names it).' },
    example: { query: { q: 'reviews', sector: 'retail' }, status: 200, response: { clauses: [exampleClause], total: 120 } },
  },
  getClause: {
    area: 'Templates',
    summary: 'One clause with its text',
    description: 'For the preview: the text as document nodes and as plain text, placeholders as written.',
    errors: { 404: 'No clause with this id.' },
    example: { params: { id: exampleClause.id }, status: 200, response: { ...exampleClause, content: [{ type: 'paragraph', content: [{ type: 'text', text: exampleClause.excerpt }] }], text: exampleClause.excerpt } },
  },
  insertClauseSection: {
    area: 'Templates',
    summary: 'Insert a clause as a new section',
    description: "Editors of the policy. The new section has the clause's title, text, owner and approvers (server data, like every section's), placeholders filled with the policy's values; it goes after the section `after`, or at the end. Everyone editing sees it at once; the section remembers the clause and its version.",
    errors: {
      400: 'No clause with this id, its owner is not one of your departments (`field: clauseId`), or no section `after` in the policy (`field: after`).',
      403: 'Viewers and commenters cannot change the policy.',
      404: 'No policy with this id that the caller can see.',
      409: 'The policy has as many sections as a policy can have.',
      503: 'The policy cannot be opened from storage right now.',
    },
    example: { params: { id: POLICY }, body: { clauseId: exampleClause.id, after: 's_intro' }, status: 201, response: { sectionId: 's_new', clauseId: exampleClause.id, version: 1 } },
  },
  insertClauseIntoSection: {
    area: 'Templates',
    summary: "Insert a clause's text into a section",
    description: "Editors of the policy. The clause's text goes at the end of the section, or before block `before` (1 is the first block after the heading). The section remembers the clause and its version.",
    errors: {
      400: 'No clause with this id (`field: clauseId`).',
      403: 'Viewers and commenters cannot change the policy.',
      404: 'No policy, or no section with this id in it.',
      503: 'The policy cannot be opened from storage right now.',
    },
    example: { params: { id: POLICY, sectionId: 's_intro' }, body: { clauseId: exampleClause.id }, status: 201, response: { sectionId: 's_intro', clauseId: exampleClause.id, version: 1 } },
  },
  listPolicyClauses: {
    area: 'Templates',
    summary: 'Which sections came from the library',
    description: 'Each section with a clause in it, the version it holds and whether the library has a newer one; with an update, the newer text (placeholders filled) to compare.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: {
      params: { id: POLICY },
      status: 200,
      response: { clauses: [{ sectionId: 's_new', clauseId: exampleClause.id, title: exampleClause.title, version: 1, latestVersion: 2, updateAvailable: true, insertedAt: NOW, latestText: exampleClause.excerpt }] },
    },
  },
  takeClauseUpdate: {
    area: 'Templates',
    summary: "Take the library's newer version of a clause",
    description: "The owning department's editors or an admin. Replaces the section's text with the newer version when the section holds only that clause; otherwise 409, and the person copies from the comparison.",
    errors: {
      403: 'The caller is not of the owning department nor an admin, or is a viewer or commenter.',
      404: 'No policy or section, the section did not come from this clause, or the library no longer has it.',
      409: 'The section has the newest version already, or it holds more than this clause.',
      503: 'The policy cannot be opened from storage right now.',
    },
    example: { params: { id: POLICY, sectionId: 's_new', clauseId: exampleClause.id }, status: 200, response: { sectionId: 's_new', clauseId: exampleClause.id, version: 2 } },
  },
  getPlaceholders: {
    area: 'Policies',
    summary: "The policy's placeholders and how many are still unfilled",
    description: 'Every `{{name}}` placeholder the text uses or the team stored a value for, with its label, hint, example and value, how often it still stands in the text, and the sections that still hold one.',
    errors: { 404: 'No policy with this id that the caller can see.' },
    example: { params: { id: POLICY }, status: 200, response: examplePlaceholders },
  },
  fillPlaceholders: {
    area: 'Policies',
    summary: 'Store placeholder values and fill them into the text',
    description:
      'Editors and admins. Stores the values and replaces each `{{name}}` in the live document, for everyone editing it. A signed section that changes must be signed again; the answer lists the sections that changed and whose sign-offs went stale. With `keepSigned`, signed sections are left as they are.',
    errors: {
      400: 'A name is unknown or a value is wrong (`field` is `values.name`).',
      403: 'Viewers and commenters cannot change the policy.',
      404: 'No policy with this id that the caller can see.',
    },
    example: {
      params: { id: POLICY },
      body: { values: { crisis_contact: 'the duty press officer, +1 555 0100' } },
      status: 200,
      response: {
        ...examplePlaceholders,
        placeholders: [{ ...examplePlaceholder, value: 'the duty press officer, +1 555 0100', unfilled: 0 }],
        unfilled: 0,
        sections: [],
        changed: [{ sectionId: 's_crisis', title: 'Crisis response', replaced: 2, staleSignoffs: ['it'] }],
        skipped: [],
      },
    },
  },
} satisfies Record<ApiRouteName, RouteDocs>;

/** Every route with its reference text, by name: the table the OpenAPI document and `/api/docs` are made from. */
export const documentedApi = Object.fromEntries(Object.entries(api).map(([name, route]) => [name, { ...route, ...routeDocs[name as ApiRouteName] }])) as {
  [N in ApiRouteName]: (typeof api)[N] & (typeof routeDocs)[N];
};

/** The documented routes in table order. */
export function documentedRoutes(): [ApiRouteName, DocumentedRoute][] {
  return Object.entries(documentedApi) as [ApiRouteName, DocumentedRoute][];
}
