import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmbedOrigins } from '../server/routes/staffLinks';
import { formatDay } from '../shared/reviewDate';
import { startTestServer } from './support/accordServer';
import { cleanupStack } from './support/cleanups';
import { eventually, signedInClient, typeInFirstSection } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';

/**
 * The staff link: one address that shows a policy's latest endorsed version to anyone who has it,
 * without an account. The trust rules: only the people who manage the policy make, replace or
 * stop it (each change in the audit trail); the link never shows a draft, only what every
 * department signed; a stopped or replaced link shows nothing.
 */
type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const cleanups = cleanupStack();

let server: TestServer;
let admin: Session;
let mia: Session;
let leo: Session;
let policyId: string;

interface Link {
  active: boolean;
  path: string | null;
  createdBy: string | null;
  endorsedVersion: number | null;
  blanks: string[];
  canManage: boolean;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  mia = await signUpInvited(server.url, admin, 'marketing', 'editor', 'Mia Marketing');
  leo = await signUpInvited(server.url, admin, 'legal', 'editor', 'Leo Legal');
  // Mia made the policy, so she manages it; Leo is an editor it is not shared with by membership.
  policyId = await createPolicy(server.url, mia, { title: 'Northwind social media policy' });
});
afterAll(async () => {
  await server.close();
});

const linkOf = async (person: Session) => (await call<Link>(server.url, `/api/policies/${policyId}/staff-link`, { cookie: person.cookie })).body;
/** Opens a link as somebody with no account would: no cookie. */
const read = async (path: string) => {
  const response = await fetch(server.url + path);
  return { status: response.status, headers: response.headers, text: await response.text() };
};
const section = async () => (await call(server.url, `/api/policies/${policyId}`, { cookie: mia.cookie })).body.sections[0] as { id: string; hash: string };
const trail = async () => ((await call(server.url, `/api/policies/${policyId}/audit`, { cookie: mia.cookie })).body as { kind: string; userName: string; after: unknown }[]).filter((entry) => entry.kind.startsWith('staff_link'));

describe('the staff link', () => {
  it('is made only by the people who manage the policy, and recorded', async () => {
    expect(await linkOf(mia)).toMatchObject({ active: false, path: null, canManage: true, endorsedVersion: null, blanks: [] });
    expect(await linkOf(leo)).toMatchObject({ active: false, canManage: false });

    // Leo, who can open the policy but not manage it, tries with a stock HTTP client.
    const refused = await call(server.url, `/api/policies/${policyId}/staff-link`, { method: 'POST', cookie: leo.cookie });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/Only admins and the editors this policy is shared with can make its staff link/);
    expect((await call(server.url, `/api/policies/${policyId}/staff-link`, { method: 'DELETE', cookie: leo.cookie })).status).toBe(403);
    expect((await call(server.url, `/api/policies/${policyId}/staff-link`, { method: 'POST' })).status).toBe(401);
    expect((await linkOf(mia)).active).toBe(false);
    expect(await trail()).toEqual([]);

    const made = await call<Link>(server.url, `/api/policies/${policyId}/staff-link`, { method: 'POST', cookie: mia.cookie });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ active: true, createdBy: 'Mia Marketing', canManage: true });
    expect(made.body.path).toMatch(/^\/read\/[A-Za-z0-9_-]{32}$/);
    // Everyone who can open the policy sees the link, to pass it on.
    expect((await linkOf(leo)).path).toBe(made.body.path);
    expect(await trail()).toEqual([{ kind: 'staff_link_created', userName: 'Mia Marketing', after: { replaced: false }, id: expect.any(String), sectionId: null, sectionTitle: '', userId: mia.user.id, department: 'marketing', before: null, at: expect.any(String) }]);
  });

  it('never shows a draft: nothing before the endorsement, and the endorsed text after it, whatever is typed since', async () => {
    const { path } = await linkOf(mia);
    const client = await signedInClient(server.url, policyId, mia.cookie, (cleanup) => cleanups.push(cleanup));
    typeInFirstSection(client.doc, ' Draft rule about giveaways. Ask {{legal_contact}}.');
    await eventually(async () => expect((await section()).hash).toBeTruthy(), 5000, 100);

    const before = await read(path!);
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toMatch(/^text\/html/);
    expect(before.text).toContain('This policy is not endorsed yet');
    expect(before.text).not.toContain('Draft rule about giveaways');
    // Not even the draft's title: it can say more than its authors want said yet.
    expect(before.text).not.toContain('Northwind social media policy');
    expect(before.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(before.headers.get('referrer-policy')).toBe('no-referrer');

    // Every department that must sign (here Marketing, the owner) signs what the server holds.
    const { id, hash } = await section();
    expect((await call(server.url, `/api/policies/${policyId}/sections/${id}/requirements`, { method: 'PUT', json: { owner: 'marketing', approvers: [] }, cookie: mia.cookie })).status).toBe(200);
    const signed = await call(server.url, `/api/policies/${policyId}/sections/${id}/signoffs`, { json: { hash: (await section()).hash, comment: 'INTERNAL: signed under protest' }, cookie: mia.cookie });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(hash).toBeTruthy();
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: mia.cookie })).body.status).toBe('endorsed');
    expect((await linkOf(leo)).endorsedVersion).toBe(1);
    // The card warns that staff would read the blank the endorsed text still has.
    expect((await linkOf(leo)).blanks).toEqual(['Legal contact']);

    const endorsed = await read(path!);
    expect(endorsed.status).toBe(200);
    expect(endorsed.text).toContain('Draft rule about giveaways');
    expect(endorsed.text).toContain('Northwind social media policy');
    expect(endorsed.text).toContain('Endorsed version 1');
    expect(endorsed.text).toContain('<a href="?format=pdf">Download as PDF</a>');
    // A blank the endorsed text still has reads as its name to staff, not as a template's code.
    expect(endorsed.text).toContain('Ask [Legal contact].');
    expect(endorsed.text).not.toContain('{{legal_contact}}');
    // The staff copy is the text, not the record of who signed: no sign-off comment, signer, owner line or hash.
    expect(endorsed.text).not.toContain('signed under protest');
    expect(endorsed.text).not.toContain('Mia Marketing');
    expect(endorsed.text).not.toContain('Owner:');
    expect(endorsed.text).not.toContain((await call(server.url, `/api/policies/${policyId}`, { cookie: mia.cookie })).body.fingerprint);

    // The next review set after the page was first shown is on it the next time.
    const day = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    expect((await call(server.url, `/api/policies/${policyId}`, { method: 'PATCH', json: { reviewBy: day }, cookie: mia.cookie })).status).toBe(200);
    // In words, as staff read days: "Next review due" and the day.
    const shown = await read(path!);
    expect(shown.text).toContain('Next review due');
    expect(shown.text).toContain(formatDay(day));
    expect(shown.text).not.toContain(`>${day}<`);

    // Typing on after the endorsement changes the draft, not what staff read.
    typeInFirstSection(client.doc, ' Unsigned second thoughts.');
    await eventually(async () => expect((await call(server.url, `/api/policies/${policyId}`, { cookie: mia.cookie })).body.status).not.toBe('endorsed'), 10_000, 100);
    const after = await read(path!);
    expect(after.text).toContain('Draft rule about giveaways');
    expect(after.text).not.toContain('Unsigned second thoughts');

    const pdf = await fetch(`${server.url}${path}?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await read(`${path}?format=exe`)).status).toBe(400);
  });

  it('shows the title the version was endorsed with, even an empty one, never the draft title typed since', async () => {
    const untitled = await createPolicy(server.url, mia, { title: 'Northwind staff rules' });
    const client = await signedInClient(server.url, untitled, mia.cookie, (cleanup) => cleanups.push(cleanup));
    const title = (client.doc.getXmlFragment('default').get(0) as import('yjs').XmlElement).get(0) as import('yjs').XmlText;
    const fingerprint = async () => (await call(server.url, `/api/policies/${untitled}`, { cookie: mia.cookie })).body.fingerprint as string;
    const before = await fingerprint();
    title.delete(0, title.length);
    const detail = async () => (await call(server.url, `/api/policies/${untitled}`, { cookie: mia.cookie })).body as { status: string; sections: { id: string; hash: string; owner: string; approvers: string[] }[] };
    await eventually(async () => expect(await fingerprint()).not.toBe(before));
    for (const one of (await detail()).sections) {
      expect(one.owner).toBe('marketing');
      expect(one.approvers).toEqual([]);
      expect((await call(server.url, `/api/policies/${untitled}/sections/${one.id}/signoffs`, { json: { hash: one.hash }, cookie: mia.cookie })).status).toBe(201);
    }
    expect((await detail()).status).toBe('endorsed');
    const made = await call<Link>(server.url, `/api/policies/${untitled}/staff-link`, { method: 'POST', cookie: mia.cookie });
    expect(made.status).toBe(201);

    title.insert(0, 'DRAFT: cuts in customer service');
    await eventually(async () => {
      const list = (await call(server.url, '/api/policies', { cookie: mia.cookie })).body as { id: string; title: string }[];
      expect(list.find((entry) => entry.id === untitled)?.title).toBe('DRAFT: cuts in customer service');
    });
    const page = await read(made.body.path!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Endorsed version 1');
    expect(page.text).not.toContain('cuts in customer service');
    expect(page.text).toContain('Social media policy');
    const pdf = await fetch(`${server.url}${made.body.path!}?format=pdf`);
    expect(pdf.headers.get('content-disposition')).not.toContain('draft-cuts');
  });

  it('renders only a few new copies at once: a reader past them is asked to try again, and then gets the page', async () => {
    const paths: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const id = await createPolicy(server.url, mia, { title: `Busy policy ${index}` });
      for (const one of (await call(server.url, `/api/policies/${id}`, { cookie: mia.cookie })).body.sections as { id: string; hash: string }[]) {
        expect((await call(server.url, `/api/policies/${id}/sections/${one.id}/signoffs`, { json: { hash: one.hash }, cookie: mia.cookie })).status).toBe(201);
      }
      paths.push((await call<Link>(server.url, `/api/policies/${id}/staff-link`, { method: 'POST', cookie: mia.cookie })).body.path!);
    }
    // Ten copies nobody has read yet, asked for at once (a PDF takes longer to make than the others take to arrive).
    const answers = await Promise.all(paths.flatMap((path) => ['pdf', 'html'].map(async (format) => {
      const response = await fetch(`${server.url}${path}?format=${format}`);
      return { status: response.status, retryAfter: response.headers.get('retry-after'), text: format === 'html' || response.status !== 200 ? await response.text() : '' };
    })));
    const busy = answers.filter((answer) => answer.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(4);
    expect(answers.every((answer) => answer.status === 200 || answer.status === 503)).toBe(true);
    for (const answer of busy) {
      expect(answer.retryAfter).toBe('30');
      expect(answer.text).toContain('Try this link again in half a minute.');
    }
    // Once the first ones are done, every copy is there to read.
    for (const path of paths) {
      await eventually(async () => expect((await fetch(`${server.url}${path}?format=pdf`)).status).toBe(200));
      await eventually(async () => expect((await read(path)).text).toContain('Busy policy'));
    }
  });

  it('stops working when replaced or stopped, and says so without showing anything', async () => {
    const old = (await linkOf(mia)).path!;
    const replaced = await call<Link>(server.url, `/api/policies/${policyId}/staff-link`, { method: 'POST', cookie: admin.cookie });
    expect(replaced.status).toBe(201);
    const fresh = replaced.body.path!;
    expect(fresh).not.toBe(old);
    const gone = await read(old);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/^text\/html/);
    expect(gone.text).toContain('This link does not work');
    expect(gone.text).not.toContain('giveaways');
    expect((await read(fresh)).text).toContain('Draft rule about giveaways');

    const stopped = await call<Link>(server.url, `/api/policies/${policyId}/staff-link`, { method: 'DELETE', cookie: mia.cookie });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ active: false, path: null });
    expect((await read(fresh)).status).toBe(404);
    // Stopping a link that is already off changes and records nothing.
    expect((await call(server.url, `/api/policies/${policyId}/staff-link`, { method: 'DELETE', cookie: mia.cookie })).status).toBe(200);
    expect((await trail()).map((entry) => [entry.kind, entry.userName, entry.after])).toEqual([
      ['staff_link_stopped', 'Mia Marketing', null],
      ['staff_link_created', 'Ada Admin', { replaced: true }],
      ['staff_link_created', 'Mia Marketing', { replaced: false }],
    ]);
  });

  it('answers a made-up or malformed token with the same page, and never crashes', async () => {
    for (const token of ['A'.repeat(32), 'short', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(5000), '%00']) {
      const answer = await read(`/read/${token}`);
      expect(answer.status, token.slice(0, 20)).toBe(404);
      expect(answer.text).toContain('This link does not work');
    }
    expect((await call(server.url, '/api/health')).status).toBe(200);
  });
});

describe('showing the staff link in an intranet page', () => {
  it('is refused by default, and allowed only to the sites the operator names', async () => {
    const embedding = await startTestServer({ embedOrigins: parseEmbedOrigins('https://intranet.example.org, https://wiki.example.org') });
    try {
      const ada = await signUpAdmin(embedding.url, 'communications', 'Ada Admin');
      const id = await createPolicy(embedding.url, ada, { title: 'Embedded policy' });
      const { path } = (await call<Link>(embedding.url, `/api/policies/${id}/staff-link`, { method: 'POST', cookie: ada.cookie })).body;
      const framed = await fetch(embedding.url + path!);
      expect(framed.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://intranet.example.org https://wiki.example.org");
      expect(framed.headers.get('x-frame-options')).toBeNull();
      // Every other page keeps refusing frames: they act, a staff page only reads.
      const api = await fetch(`${embedding.url}/api/health`);
      expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(api.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    } finally {
      await embedding.close();
    }
    // The suite's own server names no site: its staff pages refuse frames too.
    const { path } = (await call<Link>(server.url, `/api/policies/${policyId}/staff-link`, { method: 'POST', cookie: mia.cookie })).body;
    const plain = await fetch(server.url + path!);
    expect(plain.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(plain.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('takes origins only, and says what is wrong with anything else', () => {
    expect(parseEmbedOrigins(undefined)).toEqual([]);
    expect(parseEmbedOrigins(' https://a.example.org/  http://b.example.org:8443 ')).toEqual(['https://a.example.org', 'http://b.example.org:8443']);
    expect(() => parseEmbedOrigins('intranet.example.org')).toThrow('ACCORD_EMBED_ORIGINS: "intranet.example.org" is not an address');
    expect(() => parseEmbedOrigins('https://intranet.example.org/pages/policy')).toThrow('is not an origin; give the scheme and host only');
    expect(() => parseEmbedOrigins("https://a.example.org;script-src")).toThrow('is not an origin');
    expect(() => parseEmbedOrigins('javascript:alert(1)')).toThrow('is not an origin');
  });
});
