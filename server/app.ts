import express from 'express';
import helmet from 'helmet';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoingAway } from '../shared/closeCodes';
import { MAX_REQUEST_BODY, MAX_REQUEST_BODY_BYTES, MAX_TITLE_LENGTH } from '../shared/limits';
import { listTitle } from '../shared/api/plainText';
import { readTitleFromYDoc, setHashFunction } from '../shared/sections';
import { nodeSha256Hex } from './services/nativeHash';
import { CollabServer } from './collab/collabServer';
import { Rooms } from './collab/rooms';
import { HostRules, ownOrigin, refuseForeignOrigins, refuseViewersChanging, requireSession, SECURE_SESSION_COOKIE, sessionCookieName, sessionIdOf, setupTokenFor } from './auth/access';
import { errorHandler, HttpError, notFoundRoute } from './httpError';
import type { Clock } from './clock';
import { recordAnswers, type ApiAnswer } from './routes/apiAnswers';
import { createLogger, type Logger } from './logger';
import { adminRoutes } from './routes/admin';
import { departmentRoutes } from './routes/departments';
import { organizationRoutes } from './routes/organization';
import { OrganizationService } from './services/organization';
import { authRoutes, meRoute, sessionStarter } from './routes/auth';
import { OidcClient, type OidcSettings } from './auth/oidc';
import { OidcLogins, SsoAccounts } from './auth/oidcAccounts';
import { oidcRoutes } from './routes/oidc';
import { commentRoutes } from './routes/comments';
import { inventoryRoutes } from './routes/inventory';
import { placeholderRoutes } from './routes/placeholders';
import { PlaceholderService } from './services/placeholders';
import { policyRoutes } from './routes/policies';
import { templateRoutes } from './routes/templates';
import { serverRoutes } from './routes/reference';
import { AccountService } from './services/accounts';
import { CommentService } from './services/comments';
import { DepartmentService } from './services/departments';
import { DatabaseQuota, PolicyService, quotaGuard } from './services/policies';
import { peopleRoute } from './routes/members';
import { PolicyEvents } from './services/policyEvents';
import { SignInLimiter, type SignInLimits } from './services/rateLimiter';
import { SignoffService } from './services/signoffs';
import { ReadabilityStore } from './services/readabilityCache';
import { RequirementService } from './services/requirements';
import { upgradePolicyRequirements } from './services/requirementsUpgrade';
import { policyUpdateGuard } from './collab/policyGuard';
import { TemplateCatalog } from './templates/templateCatalog';
import { ClauseCatalog } from './templates/clauseCatalog';
import { ClauseService } from './services/clauses';
import { clauseRoutes, policyClauseRoutes } from './routes/clauses';
import { personColor } from '../shared/personColor';
import { openDatabase } from './storage/database';
import { Checkpointer } from './storage/checkpointer';
import { NotificationService } from './services/notifications';
import { notificationRoutes } from './routes/notifications';
import { SqliteDocumentStore } from './storage/documentStore';
import { storageStatus } from './storage/storageStatus';
import { accountSelfService } from './accountSelfService';
import { NotificationMailer } from './mail/notificationMail';
import { ReviewReminders } from './mail/reviewReminders';
import { staffLinkRoutes, staffReadRoutes, type StaffLinkDeps } from './routes/staffLinks';
import { StaffLinks } from './services/staffLinks';
import { systemClock } from './clock';
import { setUpMail, type MailOptions } from './mail/mailSetup';
import type { Outbox } from './mail/outbox';

export interface AccordOptions {
  /** Folder of the SQLite database. */
  dataDir: string;
  port?: number;
  host?: string;
  /** Folder of the built client; not served when missing. */
  clientDir?: string;
  logger?: Logger;
  /** How long an empty room stays loaded (ms). */
  roomGraceMs?: number;
  /** The public origin (scheme://host:port) when behind a proxy; otherwise taken from each request. */
  origin?: string;
  /** Sites that may show the staff link's pages in a frame (ACCORD_EMBED_ORIGINS, see `parseEmbedOrigins`). */
  embedOrigins?: readonly string[];
  /** Folder of the built-in templates. */
  templatesDir?: string;
  /** Folder of the clause library (ACCORD_CLAUSES_DIR); templates/clauses when not given. */
  clausesDir?: string;
  sessionTtlMs?: number;
  /** Sign-in limits (per-address budget, growing delays); see services/rateLimiter.ts. */
  authLimits?: Partial<SignInLimits>;
  /** Express `trust proxy` (ACCORD_TRUST_PROXY): which proxies' X-Forwarded-For to believe. */
  trustProxy?: boolean | number | string;
  /** The setup token for the first account on a non-loopback listener (ACCORD_SETUP_TOKEN); generated when missing. */
  setupToken?: string;
  /** Operator's quotas: policies one account may create, and the database size past which nothing new is stored. */
  quotas?: { policiesPerAccount?: number; databaseBytes?: number };
  /** Where sessions, invites and sign-in limits read the time (tests: test/support/manualClock.ts); the system clock when not given. */
  clock?: Clock;
  /** Single sign-on with OpenID Connect (ACCORD_OIDC_*, read by server/auth/oidc.ts); none when not given. */
  oidc?: OidcSettings;
  /** Tests only: when the checkpoint worker starts (ms after start-up; see CHECKPOINT_WORKER_START_MS). */
  checkpointWorkerAfterMs?: number;
  /** Tests only: told of every /api answer when it ends (the contract test checks each against the OpenAPI document). */
  onApiResponse?: (answer: ApiAnswer) => void;
  /** Outgoing mail (ACCORD_SMTP_URL, ACCORD_MAIL_FROM, ACCORD_ORGANIZATION_NAME); see server/mail/. */
  mail?: MailOptions;
}

export interface AccordServer {
  url: string;
  port: number;
  rooms: Rooms;
  policies: PolicyService;
  accounts: AccountService;
  signoffs: SignoffService;
  comments: CommentService;
  requirements: RequirementService;
  departments: DepartmentService;
  notifications: NotificationService;
  templates: TemplateCatalog;
  /** The clause library as loaded at start-up. */
  clauseLibrary: ClauseCatalog;
  logger: Logger;
  /** The persistent outbox: `outbox.enqueue({ kind, to, subject, text, html })` returns at once. */
  outbox: Outbox;
  /** The Express app, for the test that walks its routes. */
  app: express.Express;
  /** The one-time token the first account needs (null when none is needed). */
  setupToken: string | null;
  /** The worker that checkpoints the database's WAL (tests look at it). */
  checkpoints: Checkpointer;
  close(): Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultClientDir = path.join(root, 'dist/client');
const defaultTemplatesDir = path.join(root, 'templates');

/** Starts Accord: REST API, WebSocket collaboration and the built client, on one port. */
export async function startAccord(options: AccordOptions): Promise<AccordServer> {
  const logger = options.logger ?? createLogger();
  // Section hashes with native SHA-256 (the same digest as the browser's pure-JS one).
  setHashFunction(nodeSha256Hex);
  const db = openDatabase(options.dataDir);
  // Copying the WAL back into the database file happens on a worker thread, never in an edit's commit.
  const checkpoints = new Checkpointer(db, logger, options.checkpointWorkerAfterMs === undefined ? {} : { startAfterMs: options.checkpointWorkerAfterMs });
  const store = new SqliteDocumentStore(db);
  const requirements = new RequirementService(db);
  upgradePolicyRequirements(db, store, requirements, logger);
  const databaseQuota = new DatabaseQuota(db, options.quotas?.databaseBytes);
  store.keepReadingsWhile(() => !databaseQuota.full());
  const rooms = new Rooms(store, logger, options.roomGraceMs, quotaGuard(policyUpdateGuard(requirements, logger), databaseQuota));
  const policies = new PolicyService(db, store, requirements, { ...options.quotas, databaseQuota });
  const accounts = new AccountService(db, { ...(options.sessionTtlMs ? { sessionTtlMs: options.sessionTtlMs } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  const departments = new DepartmentService(db);
  const organization = new OrganizationService(db);
  const mail = setUpMail(db, options.mail, { logger, organization, ...(options.clock ? { clock: options.clock } : {}) });
  const departmentName = (id: string) => departments.get(id)?.name ?? id;
  const signoffs = new SignoffService(db, rooms, requirements, departmentName);
  const events = new PolicyEvents(signoffs, logger);
  const comments = new CommentService(db, rooms, () => [
    ...policies.access.people().map((person) => ({ kind: 'person' as const, id: person.id, name: person.name })),
    ...departments.list().map((department) => ({ kind: 'department' as const, id: department.id, name: department.name })),
  ], logger);
  comments.onChange((policyId, event) => events.threadsChanged(policyId, event));
  const notifications = new NotificationService(db, {
    people: () => accounts.listUsers(),
    roleOn: (policyId, person) => policies.access.roleOn(policyId, person),
    sectionDepartments: (policyId, sectionId) => requirements.active(policyId, sectionId) ?? null,
    departmentName,
  });
  // A sign-off an edit made stale is told to the person who gave it; a failure never holds up the edit's status.
  signoffs.onStaleSignoffs((policyId, stale) => {
    try {
      notifications.signoffsWentStale(policyId, stale);
    } catch (error) {
      logger.error('notifications.failed', { policy: policyId, kind: 'signoff_stale', error: (error as Error).message });
    }
  });
  signoffs.onCoveredAgain((policyId, covered) => {
    try {
      notifications.signoffsCoveredAgain(policyId, covered);
    } catch (error) {
      logger.error('notifications.failed', { policy: policyId, kind: 'signoff_covered_again', error: (error as Error).message });
    }
  });
  // Comment notifications by e-mail, as each person chose (each, daily digest, none); only when mail is set up.
  const notificationMail = mail.outbox.configured ? new NotificationMailer(db, { outbox: mail.outbox, organization: mail.organization, origin: () => options.origin?.replace(/\/$/, '') ?? `http://localhost:${listeningPort}`, mayOpen: (policyId, userId) => policies.access.mayOpen(policyId, userId), departmentName, clock: options.clock ?? systemClock, logger }) : null;
  if (notificationMail) notifications.onNotified(() => notificationMail.notified());
  // Reminders of a policy's review, a month ahead, on the day and a week late, to the people who set
  // its review date: in the bell always, by e-mail when mail is set up.
  const staffLinkDeps: StaffLinkDeps = {
    embedOrigins: options.embedOrigins ?? [],
    policies,
    staffLinks: new StaffLinks(db, requirements),
    signoffs,
    rooms,
    comments,
    departments: () => departments.list({ includeArchived: true }),
    logger,
  };
  const reviewReminders = new ReviewReminders(db, {
    outbox: mail.outbox.configured ? mail.outbox : null,
    organization: mail.organization,
    origin: () => options.origin?.replace(/\/$/, '') ?? `http://localhost:${listeningPort}`,
    recipients: (policyId) => accounts.listUsers().filter((person) => policies.access.mayManage(policyId, person)),
    notify: (policyId, userIds, text) => notifications.reviewComingUp(policyId, userIds, text),
    clock: options.clock ?? systemClock,
    logger,
  });
  // A comment is stored before anyone is told; a failing notification never undoes it.
  comments.onComment((event) => {
    try {
      notifications.commentPosted(event);
    } catch (error) {
      logger.error('notifications.failed', { policy: event.policyId, thread: event.thread.id, error: (error as Error).message });
    }
  });
  const templates = new TemplateCatalog(options.templatesDir ?? defaultTemplatesDir, logger);
  const clauseLibrary = ClauseCatalog.load(options.clausesDir ?? path.join(options.templatesDir ?? defaultTemplatesDir, 'clauses'), logger);
  const clauses = new ClauseService(db, { rooms, requirements, catalog: clauseLibrary, departments: { isAssignable: (id) => departments.isAssignable(id), name: departmentName }, announce: (policyId) => signoffs.announce(policyId), logger });
  const readability = new ReadabilityStore(db, logger);
  rooms.onOpen((room) => readability.warm(room.doc));
  rooms.onOpen((room) => signoffs.roomOpened(room.policyId));
  rooms.readWith((room) => signoffs.readingOf(room));
  rooms.onChange((room) => events.documentChanged(room.policyId));
  // Access ends at once whether the account changed or the policy's sharing did.
  const onAccessChange = (listener: (userId: string) => void) => {
    const stopAccounts = accounts.onAccessChange(listener);
    const stopSharing = policies.access.onChange((userIds) => {
      for (const userId of userIds ?? accounts.listUsers().map((user) => user.id)) listener(userId);
    });
    return () => {
      stopAccounts();
      stopSharing();
    };
  };
  onAccessChange((userId) =>
    events.accessChanged(userId, (stream) => accounts.userForSession(stream.sessionId)?.id === userId && policies.access.mayOpen(stream.policyId, userId)),
  );
  const sessionPruner = setInterval(() => accounts.pruneSessions(), 3600_000);
  sessionPruner.unref();

  const lastTitles = new Map<string, string>();
  rooms.onChange((room) => {
    const title = readTitleFromYDoc(room.doc);
    if (lastTitles.get(room.policyId) === title) return;
    lastTitles.set(room.policyId, title);
    // The list shows the title as typed, less what no one reads: control characters, line breaks, anything past the title limit.
    const shown = listTitle(title, MAX_TITLE_LENGTH);
    if (shown) policies.touch(room.policyId, shown);
  });

  let listeningPort = 0;
  const hosts = new HostRules(options.origin, () => listeningPort);
  const cookieName = sessionCookieName(options.origin);
  const setupToken = setupTokenFor({ host: options.host ?? '127.0.0.1', given: options.setupToken, hasUsers: accounts.hasUsers() });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.locals.sessionCookie = cookieName;
  app.locals.outbox = mail.outbox;
  app.use(hosts.refuseOtherHosts());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'frame-ancestors': ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (options.onApiResponse) app.use('/api', recordAnswers(options.onApiResponse));
  // API answers depend on who asks and change under people's feet: never stored by browsers or
  // proxies, and never answered 304 (a shared computer keeps no copy of someone's policy).
  app.use('/api', (_request, response, next) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', refuseForeignOrigins(hosts));
  // A body declared too large is refused at once (express.json would first read all of it).
  app.use('/api', (request, response, next) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_REQUEST_BODY_BYTES) {
      response.setHeader('Connection', 'close');
      response.status(413).json({ error: 'The request body is too large' });
      return;
    }
    next();
  });
  app.use('/api', express.json({ limit: MAX_REQUEST_BODY }));
  const sso = options.oidc ? { client: new OidcClient(options.oidc, logger), logins: new OidcLogins(db, () => accounts.clock.now()), accounts: new SsoAccounts(db, accounts, options.oidc) } : null;
  const passwordsOff = sso && options.oidc?.only ? { mayUsePassword: (user: { id: string }) => user.id === sso.accounts.breakGlassAdmin() } : undefined;
  // One budget of guesses per network and per account, whether they are spent on sign-in, reset links or the profile's password checks.
  const signInLimiter = new SignInLimiter(options.authLimits ?? {}, accounts.clock);
  // With local passwords off (ACCORD_OIDC_ONLY) only the break-glass admin may be sent a reset link.
  const selfService = accountSelfService({ db, accounts, logger, mail, ...(passwordsOff ? { mayUsePassword: (userId: string) => passwordsOff.mayUsePassword({ id: userId }) } : {}), cookie: { name: cookieName, secure: cookieName === SECURE_SESSION_COOKIE }, publicOrigin: (request) => ownOrigin(request, options.origin), limiter: signInLimiter });
  app.use('/api', selfService.touchSessions);
  app.use(
    '/api',
    serverRoutes({
      health: () => {
        const storage = storageStatus(db);
        return { ok: storage.ok, setupNeeded: !accounts.hasUsers(), setupTokenRequired: setupToken !== null && !accounts.hasUsers(), storage };
      },
    }),
  );
  app.use('/api/auth', authRoutes({ accounts, logger, organization, cookie: { name: cookieName, secure: cookieName === SECURE_SESSION_COOKIE }, setupToken, limiter: signInLimiter, ...(passwordsOff ? { passwordsOff } : {}) }));
  app.use('/api/auth', oidcRoutes({ oidc: sso, passwords: !passwordsOff, startSession: sessionStarter(accounts, { name: cookieName, secure: cookieName === SECURE_SESSION_COOKIE }), origin: (request) => ownOrigin(request, options.origin), secureCookies: cookieName === SECURE_SESSION_COOKIE, logger }));
  app.use('/api/me', meRoute(accounts));
  selfService.mount(app);
  app.use('/api', requireSession(accounts));
  app.use('/api/me/notifications', notificationRoutes(notifications));
  // Past the operator's storage limit nothing new is stored: every change is refused whole, reading goes on.
  app.use('/api', (request, _response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && databaseQuota.full()) throw new HttpError(507, databaseQuota.message());
    next();
  });
  app.use('/api/departments', departmentRoutes({ departments, logger }));
  app.use('/api/organization', organizationRoutes({ organization, logger }));
  app.use('/api', adminRoutes({ accounts, logger, publicOrigin: (request) => ownOrigin(request, options.origin), mail, departmentName }));
  // Before the viewers' refusal: who may comment is the role on the policy, which the comments service checks.
  app.use('/api/policies/:id/threads', commentRoutes({ policies, comments, logger }));
  app.use('/api', refuseViewersChanging);
  app.use('/api/templates', templateRoutes(templates));
  app.use('/api/clauses', clauseRoutes(clauseLibrary));
  app.use('/api/policies', policyClauseRoutes({ policies, clauses }));
  app.use('/api/people', peopleRoute(policies));
  app.use('/api/policies/:id/inventory', inventoryRoutes({ policies, rooms, logger, departments }));
  const placeholders = new PlaceholderService(db, rooms, signoffs);
  app.use('/api/policies/:id/placeholders', placeholderRoutes({ policies, placeholders, logger }));
  app.use('/api/policies', staffLinkRoutes(staffLinkDeps));
  app.use('/api/policies', policyRoutes({ policies, signoffs, comments, requirements, events, catalog: templates, rooms, readability, logger, clock: options.clock ?? systemClock, placeholders, organizationName: () => organization.name(), people: { list: () => accounts.listUsers() }, departments: { isAssignable: (id) => departments.isAssignable(id), name: departmentName, list: (options) => departments.list(options) } }));
  app.use('/api', notFoundRoute);
  // Staff links: the endorsed policy for anyone who has the link, no sign-in.
  app.use('/read', staffReadRoutes(staffLinkDeps));

  const clientDir = options.clientDir ?? defaultClientDir;
  if (fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/|collab\/).*/, (_request, response) => {
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(path.join(clientDir, 'index.html'));
    });
  } else {
    app.get('/', (_request, response) => {
      response.type('text').send('Accord server is running. Build the client with `npm run build` to serve it here.');
    });
  }
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  const collab = new CollabServer({
    rooms,
    logger,
    mayOpen: (id, principal) => policies.access.mayOpen(id, principal.userId),
    accessVersion: () => accounts.accessVersion + policies.access.version,
    onAccessChange,
    userExists: (id) => accounts.getUser(id) !== null,
    authenticate: (request) => {
      if (hosts.isForeignOrigin(request)) return 403;
      const user = accounts.userForSession(sessionIdOf(request, cookieName));
      if (!user) return 401;
      return {
        userId: user.id,
        identity: { name: user.name, color: personColor(user.id), department: user.department },
        readOnly: policies.access.readOnlyOnCollab(request.url, user),
        admin: user.role === 'admin',
      };
    },
  });
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (hosts.refuseUpgrade(request, socket)) return;
    if (!collab.handleUpgrade(request, socket, head)) socket.destroy();
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({ error: tooLarge ? 'The request headers are too large' : 'The request could not be read' });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  listeningPort = address.port;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info('server.listening', { url, dataDir: options.dataDir });
  // A stop between an edit and its status check can leave a policy's list summary behind: look again, in the background.
  void signoffs.checkSummaries().then((checked) => {
    if (checked > 0) logger.info('summaries.checked', { policies: checked });
  });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    rooms,
    policies,
    accounts,
    signoffs,
    comments,
    requirements,
    departments,
    notifications,
    templates,
    clauseLibrary,
    logger,
    outbox: mail.outbox,
    app,
    setupToken,
    checkpoints,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        clearInterval(sessionPruner);
        notificationMail?.close();
        reviewReminders.close();
        accounts.close();
        readability.close();
        events.close();
        rooms.closeAll(GoingAway);
        collab.close();
        server.closeAllConnections();
      }).then(async () => {
        await mail.outbox.close();
        await checkpoints.stop();
        db.close();
        logger.info('server.stopped');
      });
      return closing;
    },
  };
}
