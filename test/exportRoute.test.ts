import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/logger';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, synced, typeInFirstSection } from './support/collabClient';
import { call, createPolicy, signUpAdmin, type Session } from './support/session';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Session;
let policyId: string;
const logLines: string[] = [];

async function download(path: string) {
  const response = await fetch(server.url + path, { headers: { cookie: admin.cookie } });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

async function pdfText(body: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(body), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages;
}

async function typeIntoPolicy(text: string) {
  const client = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
  await synced(client);
  typeInFirstSection(client.doc, text);
  await eventually(async () => {
    const markdown = await download(`/api/policies/${policyId}/export?format=md`);
    expect(markdown.body.toString()).toContain(text.replace(/[<>*_[\]]/g, '').slice(0, 10));
  });
  client.destroy();
}

beforeAll(async () => {
  server = await startTestServer({ logger: createLogger({ write: (line) => logLines.push(line) }) });
  admin = await signUpAdmin(server.url, 'legal', 'Lee Legal');
  policyId = await createPolicy(server.url, admin, { title: 'Acme Social Media Policy', organization: 'Acme' });
  await typeIntoPolicy('Only approved people post for Acme. <script>alert(1)</script>');
});
afterAll(() => server.close());

describe('export route', () => {
  it('renders every format in the export worker, never on the server’s own thread', async () => {
    const before = logLines.length;
    for (const format of ['docx', 'pdf', 'html', 'md']) expect((await download(`/api/policies/${policyId}/export?format=${format}`)).status).toBe(200);
    const exported = logLines
      .slice(before)
      .map((line) => JSON.parse(line) as { event: string; format?: string; renderedIn?: string })
      .filter((entry) => entry.event === 'policy.exported');
    expect(exported.map((entry) => [entry.format, entry.renderedIn])).toEqual([
      ['docx', 'worker'],
      ['pdf', 'worker'],
      ['html', 'worker'],
      ['md', 'worker'],
    ]);
    expect(logLines.slice(before).some((line) => line.includes('export.worker_unavailable'))).toBe(false);
  });

  it('marks a draft, names the file and sets the content type', async () => {
    const markdown = await download(`/api/policies/${policyId}/export?format=md`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(markdown.headers.get('content-disposition')).toMatch(/attachment; filename="acme-social-media-policy-draft-\d{4}-\d{2}-\d{2}\.md"/);
    expect(markdown.body.toString()).toMatch(/DRAFT/);
  });

  it('escapes script typed into the policy in the HTML export', async () => {
    const html = (await download(`/api/policies/${policyId}/export?format=html`)).body.toString();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('answers 404 for the endorsed version of a never-endorsed policy and 400 for an unknown format', async () => {
    const endorsed = await download(`/api/policies/${policyId}/export?format=md&version=endorsed`);
    expect(endorsed.status).toBe(404);
    expect(JSON.parse(endorsed.body.toString()).error).toMatch(/never been endorsed/);
    expect((await download(`/api/policies/${policyId}/export?format=rtf`)).status).toBe(400);
  });

  it('keeps the endorsed version unchanged by later edits, in DOCX and PDF', async () => {
    const policy = await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
    const section = policy.body.sections[0];
    const signed = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: admin.cookie });
    expect(signed.status).toBe(201);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body.status).toBe('endorsed');

    const endorsedDocx = await download(`/api/policies/${policyId}/export?format=docx&version=endorsed`);
    expect(endorsedDocx.headers.get('content-disposition')).toMatch(/acme-social-media-policy-endorsed-\d{4}-\d{2}-\d{2}\.docx/);
    expect(endorsedDocx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const before = strFromU8(unzipSync(new Uint8Array(endorsedDocx.body))['word/document.xml']!);
    expect(before).toContain('Only approved people post for Acme.');
    expect(before).toContain('Lee Legal');

    await typeIntoPolicy(' Added after endorsement.');
    const after = strFromU8(unzipSync(new Uint8Array((await download(`/api/policies/${policyId}/export?format=docx&version=endorsed`)).body))['word/document.xml']!);
    expect(after).not.toContain('Added after endorsement.');
    expect(after).toContain('Only approved people post for Acme.');

    const currentPdf = await pdfText((await download(`/api/policies/${policyId}/export?format=pdf`)).body);
    expect(currentPdf.join(' ')).toContain('Added after endorsement.');
    for (const page of currentPdf) expect(page).toMatch(/DRAFT/);
    const endorsedPdf = await pdfText((await download(`/api/policies/${policyId}/export?format=pdf&version=endorsed`)).body);
    expect(endorsedPdf.join(' ')).not.toContain('Added after endorsement.');
    for (const page of endorsedPdf) expect(page).not.toMatch(/DRAFT/);
  });

  it('leaves the inventory and its findings out by default, includes them when asked, and names a bad part in a 400', async () => {
    const added = await call(server.url, `/api/policies/${policyId}/inventory`, {
      json: { platform: 'linkedin', account: 'acme-careers', purpose: 'recruiting', audience: 'Job seekers', tools: [{ name: 'Hootsuite', category: 'publishing' }], responsible: 'Sam', adminCount: 1, official: true },
      cookie: admin.cookie,
    });
    expect(added.status).toBe(201);
    const staff = (await download(`/api/policies/${policyId}/export?format=md`)).body.toString();
    expect(staff).toContain('## Endorsement record');
    expect(staff).not.toMatch(/inventory|acme-careers|only one/i);
    const markdown = (await download(`/api/policies/${policyId}/export?format=md&parts=text,inventory`)).body.toString();
    expect(markdown).toMatch(/inventory/i);
    expect(markdown).toContain('acme-careers');
    expect(markdown).toMatch(/single admin|one admin|only one/i);
    expect(markdown).not.toContain('## Endorsement record');
    const bad = await download(`/api/policies/${policyId}/export?format=md&parts=text,secrets`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ field: 'parts', error: expect.stringContaining('"secrets" is not a part') });
  });
});
