import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Thread } from '../shared/api/comments';
import type { PolicyDetail } from '../shared/api';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, sectionElements, synced, typeInFirstSection } from './support/collabClient';
import { call, createPolicy, signUpAdmin, type Session } from './support/session';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Session;
let policyId: string;

const QUESTION = 'Which team is Communications? <script>alert(1)</script>';
const ANSWER = 'The brand team in Marketing, for now.';
const RESOLVED = 'Settled: partnerships are fine as written.';
const ORPHANED = 'Personal accounts need their own rule.';

async function download(path: string) {
  const response = await fetch(server.url + path, { headers: { cookie: admin.cookie } });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

async function text(path: string): Promise<string> {
  const answer = await download(path);
  expect(answer.status).toBe(200);
  return answer.body.toString('utf8');
}

function docxParts(body: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(body));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

function pdfToText(body: Buffer): string {
  const folder = mkdtempSync(join(tmpdir(), 'accord-export-'));
  try {
    const file = join(folder, 'export.pdf');
    writeFileSync(file, body);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function startThread(sectionId: string, quote: string, body: string): Promise<Thread> {
  const answer = await call<Thread>(server.url, `/api/policies/${policyId}/threads`, { json: { sectionId, quote, body }, cookie: admin.cookie });
  expect(answer.status).toBe(201);
  return answer.body;
}

const exportOf = (format: string, parts?: string) => `/api/policies/${policyId}/export?format=${format}${parts ? `&parts=${parts}` : ''}`;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'legal', 'Lee Legal');
  policyId = await createPolicy(server.url, admin, { title: 'Review copy policy', organization: 'Acme' });
  const client = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
  await synced(client);
  typeInFirstSection(client.doc, ' Staff post only after review by Communications. Paid partnerships need a contract. Personal accounts stay personal.');
  await eventually(async () => expect(await text(exportOf('md'))).toContain('Personal accounts stay personal.'));

  const policy = (await call<PolicyDetail>(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body;
  const sectionId = policy.sections[0]!.id;
  const open = await startThread(sectionId, 'after review by Communications', QUESTION);
  expect((await call(server.url, `/api/policies/${policyId}/threads/${open.id}/comments`, { json: { body: ANSWER }, cookie: admin.cookie })).status).toBe(201);
  const resolved = await startThread(sectionId, 'Paid partnerships', RESOLVED);
  expect((await call(server.url, `/api/policies/${policyId}/threads/${resolved.id}`, { method: 'PATCH', json: { status: 'resolved' }, cookie: admin.cookie })).status).toBe(200);
  const orphan = await startThread(sectionId, 'Personal accounts stay personal.', ORPHANED);

  // Deleting the anchored text orphans the thread: it stays, with its quote.
  await eventually(() => {
    const paragraph = sectionElements(client.doc)[0]!.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!;
    const textNode = paragraph.get(0) as Y.XmlText;
    const delta = textNode.toDelta() as { insert: string; attributes?: { comment?: { threadId?: string } } }[];
    expect(delta.some((part) => part.attributes?.comment?.threadId === orphan.id)).toBe(true);
  });
  const paragraph = sectionElements(client.doc)[0]!.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!;
  const textNode = paragraph.get(0) as Y.XmlText;
  const plain = (textNode.toDelta() as { insert: string }[]).map((part) => part.insert).join('');
  const start = plain.indexOf('Personal accounts stay personal.');
  textNode.delete(start, 'Personal accounts stay personal.'.length);
  await eventually(async () => {
    const threads = (await call<Thread[]>(server.url, `/api/policies/${policyId}/threads`, { cookie: admin.cookie })).body;
    expect(threads.find((thread) => thread.id === orphan.id)?.anchored).toBe(false);
  });
  client.destroy();
});
afterAll(() => server.close());

describe('exports with open comments', () => {
  it('leave comments out by default, in every format', async () => {
    const markdown = await text(exportOf('md'));
    const html = await text(exportOf('html'));
    for (const file of [markdown, html]) {
      expect(file).not.toContain('Which team is Communications');
      expect(file).not.toContain(ANSWER);
    }
    expect(markdown).not.toContain('[^c1]');
    const docx = docxParts((await download(exportOf('docx'))).body);
    expect(docx['word/comments.xml'] ?? '').not.toContain('Which team');
    expect(docx['word/document.xml']).not.toContain('w:commentRangeStart');
    expect(pdfToText((await download(exportOf('pdf'))).body)).not.toContain('Which team is Communications');
  });

  it('show open threads as Markdown footnotes, resolved ones not, removed text at the section end', async () => {
    const markdown = await text(exportOf('md', 'text,comments'));
    expect(markdown).toMatch(/after review by Communications\[\^c1\]/);
    expect(markdown).toContain('[^c1]: “after review by Communications”');
    expect(markdown).toContain('Which team is Communications? \\<script\\>alert(1)\\</script\\>');
    expect(markdown).toContain(`**Lee Legal (Legal), `);
    expect(markdown).toContain(ANSWER);
    expect(markdown).toContain('“Personal accounts stay personal.” (text removed)');
    expect(markdown).toContain(ORPHANED);
    expect(markdown).not.toContain(RESOLVED);
  });

  it('show open threads as numbered notes in HTML, comment text escaped', async () => {
    const html = await text(exportOf('html', 'text,endorsement,comments'));
    expect(html).toMatch(/<mark class="commented">after review by Communications<\/mark><sup class="note-ref"><a href="#note-1" aria-label="Comment 1">1<\/a><\/sup>/);
    expect(html).toContain('<li id="note-1" value="1">');
    expect(html).toContain('Which team is Communications? &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(ANSWER);
    expect(html).toContain('“Personal accounts stay personal.” <em>(text removed)</em>');
    expect(html).not.toContain(RESOLVED);
  });

  it('show open threads as real Word comments in DOCX, replies as reply comments', async () => {
    const docx = docxParts((await download(exportOf('docx', 'text,comments'))).body);
    const comments = docx['word/comments.xml'];
    expect(comments).toBeDefined();
    expect(comments).toContain('Which team is Communications? &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(comments).toContain(ANSWER);
    expect(comments).toContain(ORPHANED);
    expect(comments).toContain('w:author="Lee Legal (Legal)"');
    expect(comments).not.toContain(RESOLVED);
    const document = docx['word/document.xml']!;
    expect(document).toMatch(/<w:commentRangeStart w:id="1"\/>.*after review by Communications.*<w:commentRangeEnd w:id="1"\/>/s);
    expect(document).toContain('Comment on removed text: “Personal accounts stay personal.” (text removed)');
    // The reply is threaded under the first comment.
    expect(docx['word/commentsExtended.xml']).toMatch(/w15:paraIdParent/);
  });

  it('show open threads as notes in the PDF', async () => {
    const pdf = pdfToText((await download(exportOf('pdf', 'text,comments'))).body);
    expect(pdf).toContain('after review by Communications[1]');
    expect(pdf).toContain('Which team is Communications? <script>alert(1)</script>');
    expect(pdf).toContain(ANSWER);
    expect(pdf).toContain('(text removed)');
    expect(pdf).not.toContain(RESOLVED);
  });

  it('still refuses unknown parts', async () => {
    const answer = await download(exportOf('md', 'text,remarks'));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body.toString()).error).toContain('"remarks" is not a part');
  });

  it('never puts comments in the endorsed version', async () => {
    const policy = (await call<PolicyDetail>(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body;
    for (const section of policy.sections) {
      const signed = await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: admin.cookie });
      expect(signed.status).toBe(201);
    }
    const markdown = await text(`${exportOf('md', 'text,comments')}&version=endorsed`);
    expect(markdown).toContain('Staff post only after review by Communications.');
    expect(markdown).not.toContain('[^c1]');
    expect(markdown).not.toContain('Which team is Communications');
    const docx = docxParts((await download(`${exportOf('docx', 'text,comments')}&version=endorsed`)).body);
    expect(docx['word/document.xml']).not.toContain('w:commentRangeStart');
  });
});
