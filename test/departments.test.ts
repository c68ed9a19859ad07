import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '../shared/departments';
import { startTestServer } from './support/accordServer';
import { call, createInvite, signUpAdmin, signUpInvited, type Session } from './support/session';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const PASSWORD = 'correct horse battery';

describe('the organization’s departments', () => {
  let server: TestServer;
  let admin: Session;
  let editor: Session;
  let viewer: Session;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await signUpAdmin(server.url, 'communications');
    editor = await signUpInvited(server.url, admin, 'hr', 'editor', 'Hana HR');
    viewer = await signUpInvited(server.url, admin, 'marketing', 'viewer', 'Vic Viewer');
  });
  afterAll(() => server.close());

  const departments = async (session: Session) => {
    const response = await call(server.url, '/api/departments', { cookie: session.cookie });
    expect(response.status).toBe(200);
    return response.body as { id: string; name: string; color: string; archived: boolean }[];
  };

  it('lists the eight seeded departments on a new install, for everyone signed in', async () => {
    const list = await departments(editor);
    expect(list).toEqual(DEFAULT_DEPARTMENTS.map((department) => ({ ...department })));
    expect(list.map((department) => department.id)).toEqual(['marketing', 'communications', 'customer-service', 'hr', 'it', 'legal', 'compliance', 'sales']);
    expect(await departments(viewer)).toEqual(list);
    expect((await call(server.url, '/api/departments')).status).toBe(401);
  });

  it('lets an admin add, rename, recolour and archive a department', async () => {
    const created = await call(server.url, '/api/departments', { json: { name: 'Product', color: '#117733' }, cookie: admin.cookie });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'product', name: 'Product', color: '#117733', archived: false });
    expect((await departments(editor)).at(-1)).toEqual(created.body);

    const renamed = await call(server.url, '/api/departments/product', { method: 'PATCH', json: { name: 'Product & Design' }, cookie: admin.cookie });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: 'product', name: 'Product & Design', color: '#117733' });

    const recoloured = await call(server.url, '/api/departments/product', { method: 'PATCH', json: { color: '#aa4499' }, cookie: admin.cookie });
    expect(recoloured.body).toMatchObject({ name: 'Product & Design', color: '#AA4499' });

    const archived = await call(server.url, '/api/departments/product', { method: 'PATCH', json: { archived: true }, cookie: admin.cookie });
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);
    // Still listed, marked, so sections and sign-offs that name it keep their name.
    expect((await departments(editor)).find((department) => department.id === 'product')).toEqual({
      id: 'product',
      name: 'Product & Design',
      color: '#AA4499',
      archived: true,
    });
    expect(server.departments.isAssignable('product')).toBe(false);

    const back = await call(server.url, '/api/departments/product', { method: 'PATCH', json: { archived: false }, cookie: admin.cookie });
    expect(back.body.archived).toBe(false);
    expect(server.departments.isAssignable('product')).toBe(true);
  });

  it('takes an id when given one and orders the list by position, then name', async () => {
    const created = await call(server.url, '/api/departments', { json: { name: 'Investor Relations', id: 'ir' }, cookie: admin.cookie });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'ir', name: 'Investor Relations', archived: false });
    expect(created.body.color).toMatch(/^#[0-9A-F]{6}$/);
    const ids = (await departments(admin)).map((department) => department.id);
    expect(ids.indexOf('ir')).toBeGreaterThan(ids.indexOf('sales'));
    expect(server.departments.names().get('ir')).toBe('Investor Relations');
  });

  it('refuses editors and viewers with 403 on POST and PATCH', async () => {
    for (const session of [editor, viewer]) {
      const post = await call(server.url, '/api/departments', { json: { name: 'Clinical' }, cookie: session.cookie });
      expect(post.status).toBe(403);
      const patch = await call(server.url, '/api/departments/hr', { method: 'PATCH', json: { name: 'People' }, cookie: session.cookie });
      expect(patch.status).toBe(403);
    }
    expect((await departments(admin)).some((department) => department.name === 'Clinical' || department.name === 'People')).toBe(false);
  });

  it('answers 400 naming the field for a bad colour, an empty name, a bad id or nothing to change', async () => {
    const badColor = await call(server.url, '/api/departments', { json: { name: 'Clinical', color: 'red' }, cookie: admin.cookie });
    expect(badColor.status).toBe(400);
    expect(badColor.body.field).toBe('color');
    expect(badColor.body.error).toMatch(/^color: /);

    const emptyName = await call(server.url, '/api/departments', { json: { name: '   ' }, cookie: admin.cookie });
    expect(emptyName.status).toBe(400);
    expect(emptyName.body.field).toBe('name');

    const badId = await call(server.url, '/api/departments', { json: { name: 'Clinical', id: 'Clinical Care' }, cookie: admin.cookie });
    expect(badId.status).toBe(400);
    expect(badId.body.field).toBe('id');

    const noLetters = await call(server.url, '/api/departments', { json: { name: '!!!' }, cookie: admin.cookie });
    expect(noLetters.status).toBe(400);
    expect(noLetters.body.field).toBe('name');

    const patchColor = await call(server.url, '/api/departments/hr', { method: 'PATCH', json: { color: '#12345' }, cookie: admin.cookie });
    expect(patchColor.status).toBe(400);
    expect(patchColor.body.field).toBe('color');

    const patchName = await call(server.url, '/api/departments/hr', { method: 'PATCH', json: { name: '' }, cookie: admin.cookie });
    expect(patchName.status).toBe(400);
    expect(patchName.body.field).toBe('name');

    const nothing = await call(server.url, '/api/departments/hr', { method: 'PATCH', json: {}, cookie: admin.cookie });
    expect(nothing.status).toBe(400);

    const unknown = await call(server.url, '/api/departments/nope', { method: 'PATCH', json: { name: 'Nope' }, cookie: admin.cookie });
    expect(unknown.status).toBe(404);

    expect((await departments(admin)).find((department) => department.id === 'hr')).toMatchObject({ name: 'HR', color: '#CC79A7' });
  });

  it('answers 409 for a duplicate id or a duplicate name in any case', async () => {
    // The name the person typed is what clashes, not an id they never saw.
    const sameName = await call(server.url, '/api/departments', { json: { name: 'legal' }, cookie: admin.cookie });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ field: 'name', error: 'name: there is already a department called Legal' });
    const sameMadeId = await call(server.url, '/api/departments', { json: { name: 'Legal!' }, cookie: admin.cookie });
    expect(sameMadeId.status).toBe(409);
    expect(sameMadeId.body.field).toBe('name');
    expect(sameMadeId.body.error).toContain('this name makes the id "legal", which Legal has already');
    const sameNameOtherId = await call(server.url, '/api/departments', { json: { name: 'LEGAL', id: 'legal-two' }, cookie: admin.cookie });
    expect(sameNameOtherId.status).toBe(409);
    expect(sameNameOtherId.body.field).toBe('name');
    const sameId = await call(server.url, '/api/departments', { json: { name: 'Lawyers', id: 'legal' }, cookie: admin.cookie });
    expect(sameId.status).toBe(409);
    expect(sameId.body.field).toBe('id');
    const renameOnto = await call(server.url, '/api/departments/hr', { method: 'PATCH', json: { name: 'Compliance' }, cookie: admin.cookie });
    expect(renameOnto.status).toBe(409);
    expect(renameOnto.body.field).toBe('name');
    // Renaming to its own name in another case is not a clash.
    const ownName = await call(server.url, '/api/departments/it', { method: 'PATCH', json: { name: 'IT & SECURITY' }, cookie: admin.cookie });
    expect(ownName.status).toBe(200);
    await call(server.url, '/api/departments/it', { method: 'PATCH', json: { name: 'IT & Security' }, cookie: admin.cookie });
  });

  it('lets people be invited to a new department and moved into it', async () => {
    const clinical = await call(server.url, '/api/departments', { json: { name: 'Clinical' }, cookie: admin.cookie });
    expect(clinical.status).toBe(201);
    const nurse = await signUpInvited(server.url, admin, 'clinical', 'editor', 'Nia Nurse');
    expect(nurse.user.department).toBe('clinical');
    const moved = await call(server.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { department: 'clinical' }, cookie: admin.cookie });
    expect(moved.status).toBe(200);
    expect(moved.body.department).toBe('clinical');
    await call(server.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { department: 'hr' }, cookie: admin.cookie });
  });

  it('refuses invites and moves to an archived or unknown department with 400 naming it', async () => {
    await call(server.url, '/api/departments', { json: { name: 'Fundraising' }, cookie: admin.cookie });
    const archive = await call(server.url, '/api/departments/fundraising', { method: 'PATCH', json: { archived: true }, cookie: admin.cookie });
    expect(archive.body.archived).toBe(true);

    const inviteArchived = await call(server.url, '/api/invites', { json: { department: 'fundraising', role: 'editor' }, cookie: admin.cookie });
    expect(inviteArchived.status).toBe(400);
    expect(inviteArchived.body.field).toBe('department');
    expect(inviteArchived.body.error).toBe('department: Fundraising is archived and can no longer be given sections or people');

    const inviteUnknown = await call(server.url, '/api/invites', { json: { department: 'astrology', role: 'editor' }, cookie: admin.cookie });
    expect(inviteUnknown.status).toBe(400);
    expect(inviteUnknown.body.field).toBe('department');
    expect(inviteUnknown.body.error).toMatch(/astrology/);

    const inviteMalformed = await call(server.url, '/api/invites', { json: { department: 'Not An Id', role: 'editor' }, cookie: admin.cookie });
    expect(inviteMalformed.status).toBe(400);
    expect(inviteMalformed.body.field).toBe('department');

    for (const department of ['fundraising', 'astrology']) {
      const move = await call(server.url, `/api/users/${editor.user.id}`, { method: 'PATCH', json: { department }, cookie: admin.cookie });
      expect(move.status).toBe(400);
      expect(move.body.field).toBe('department');
    }
    expect(server.accounts.getUser(editor.user.id)!.department).toBe('hr');
  });

  it('refuses sign-up through an invite whose department was archived since', async () => {
    await call(server.url, '/api/departments', { json: { name: 'Academic Affairs' }, cookie: admin.cookie });
    const token = await createInvite(server.url, admin, 'academic-affairs', 'editor');
    const details = await call(server.url, `/api/auth/invites/${token}`);
    expect(details.body).toMatchObject({ department: 'academic-affairs', departmentName: 'Academic Affairs' });
    await call(server.url, '/api/departments/academic-affairs', { method: 'PATCH', json: { archived: true }, cookie: admin.cookie });

    const signup = await call(server.url, '/api/auth/signup', { json: { email: 'late@example.org', name: 'Lee Late', password: PASSWORD, invite: token } });
    expect(signup.status).toBe(400);
    expect(signup.body.error).toMatch(/Academic Affairs, which has been archived/);
    expect(server.accounts.listUsers().some((user) => user.email === 'late@example.org')).toBe(false);
  });

  it('lets a person in a department that gets archived keep it, and still change their role', async () => {
    await call(server.url, '/api/departments', { json: { name: 'Sustainability' }, cookie: admin.cookie });
    const person = await signUpInvited(server.url, admin, 'sustainability', 'editor', 'Sam Green');
    await call(server.url, '/api/departments/sustainability', { method: 'PATCH', json: { archived: true }, cookie: admin.cookie });

    const me = await call(server.url, '/api/me', { cookie: person.cookie });
    expect(me.status).toBe(200);
    expect(me.body.department).toBe('sustainability');
    const listed = (await call(server.url, '/api/users', { cookie: admin.cookie })).body.find((user: { id: string }) => user.id === person.user.id);
    expect(listed.department).toBe('sustainability');

    const roleChange = await call(server.url, `/api/users/${person.user.id}`, { method: 'PATCH', json: { role: 'viewer' }, cookie: admin.cookie });
    expect(roleChange.status).toBe(200);
    expect(roleChange.body).toMatchObject({ department: 'sustainability', role: 'viewer' });
    // Sending the department they already have is not a move.
    const same = await call(server.url, `/api/users/${person.user.id}`, { method: 'PATCH', json: { department: 'sustainability', role: 'editor' }, cookie: admin.cookie });
    expect(same.status).toBe(200);
    expect(same.body.department).toBe('sustainability');
  });
});

describe('the first-run sign-up', () => {
  it('accepts any seeded department and refuses an unknown one', async () => {
    const server = await startTestServer();
    try {
      const unknown = await call(server.url, '/api/auth/signup', { json: { email: 'first@example.org', name: 'First', password: PASSWORD, department: 'astrology' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.field).toBe('department');
      expect(server.accounts.hasUsers()).toBe(false);
      const sales = await call(server.url, '/api/auth/signup', { json: { email: 'first@example.org', name: 'First', password: PASSWORD, department: 'sales' } });
      expect(sales.status).toBe(201);
      expect(sales.body).toMatchObject({ department: 'sales', role: 'admin' });
    } finally {
      await server.close();
    }
  });
});
