import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeChange, diffContent } from '../shared/contentDiff';
import { startTestServer } from './support/accordServer';
import { connectClient, eventually, sectionElement, synced, type TestClient } from './support/collabClient';
import { call, createPolicy, signUpAdmin, signUpInvited, type Session } from './support/session';
import { cleanupStack } from './support/cleanups';

/** Tables inside a section, as a stock y-websocket client writes them: kept, hashed, and part of "what changed". */

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
interface Section {
  id: string;
  owner: string;
  approvers: string[];
  hash: string;
  status: string;
  signoffs: { department: string; valid: boolean }[];
}

let server: TestServer;
let admin: Session;
let legal: Session;
const cleanups = cleanupStack();

beforeAll(async () => {
  server = await startTestServer();
  admin = await signUpAdmin(server.url, 'communications', 'Ada Admin');
  legal = await signUpInvited(server.url, admin, 'legal', 'admin', 'Lee Legal');
});
afterAll(() => server.close());

async function sections(policyId: string): Promise<Section[]> {
  const response = await call<{ sections: Section[] }>(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie });
  expect(response.status).toBe(200);
  return response.body.sections;
}

async function client(policyId: string, session: Session): Promise<TestClient & { closes: number[] }> {
  const connected = connectClient(server.url, policyId, { headers: { cookie: session.cookie } });
  const closes: number[] = [];
  connected.provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  cleanups.push(() => connected.destroy());
  await synced(connected);
  return Object.assign(connected, { closes });
}

function cellElement(type: 'tableCell' | 'tableHeader', text: string): Y.XmlElement {
  const cell = new Y.XmlElement(type);
  const paragraph = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  content.insert(0, text);
  paragraph.insert(0, [content]);
  cell.insert(0, [paragraph]);
  return cell;
}

function tableElement(rows: { type: 'tableCell' | 'tableHeader'; cells: string[] }[]): Y.XmlElement {
  const table = new Y.XmlElement('table');
  table.insert(
    0,
    rows.map((row) => {
      const element = new Y.XmlElement('tableRow');
      element.insert(0, row.cells.map((text) => cellElement(row.type, text)));
      return element;
    }),
  );
  return table;
}

/** The text of the cell at (row, column) of the first table of a section, for editing it. */
function cellText(doc: Y.Doc, row: number, column: number): Y.XmlText {
  const table = sectionElement(doc, 0).toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'table')!;
  const cell = (table.get(row) as Y.XmlElement).get(column) as Y.XmlElement;
  return (cell.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

describe('a table in a section', () => {
  it('is kept by the server guard, counts in the hash, stales a sign-off when a cell changes, and shows in what changed', async () => {
    const policyId = await createPolicy(server.url, admin, { title: 'Tables policy' });
    const [first] = await sections(policyId);
    expect(first).toBeDefined();
    const writer = await client(policyId, admin);
    const reader = await client(policyId, legal);

    const section = sectionElement(writer.doc, 0);
    section.insert(section.length, [tableElement([{ type: 'tableHeader', cells: ['Tool', 'Status'] }, { type: 'tableCell', cells: ['ChatGPT', 'Not approved'] }])]);
    await eventually(() => expect(reader.doc.getXmlFragment('default').toString()).toContain('<tableheader><paragraph>Tool</paragraph>'));
    await eventually(async () => expect((await sections(policyId))[0]!.hash).not.toBe(first!.hash));
    expect(writer.closes).toEqual([]);

    const withTable = (await sections(policyId))[0]!;
    const signed = await call(server.url, `/api/policies/${policyId}/sections/${withTable.id}/signoffs`, { json: { hash: withTable.hash }, cookie: admin.cookie });
    expect(signed.status).toBe(201);

    writer.doc.transact(() => {
      const status = cellText(writer.doc, 1, 1);
      status.delete(0, status.length);
      status.insert(0, 'Approved');
    });
    await eventually(async () => {
      const now = (await sections(policyId))[0]!;
      expect(now.signoffs.find((signoff) => signoff.department === 'communications')?.valid).toBe(false);
    });
    expect(writer.closes).toEqual([]);
    // Someone else makes a word in another cell bold.
    await eventually(() => expect(cellText(reader.doc, 1, 1).toString()).toBe('Approved'));
    cellText(reader.doc, 1, 0).format(0, 'ChatGPT'.length, { bold: {} });
    await eventually(() => expect(cellText(writer.doc, 1, 0).toDelta()).toEqual([{ insert: 'ChatGPT', attributes: { bold: {} } }]));

    const moved = await call(server.url, `/api/policies/${policyId}/sections/${withTable.id}/requirements`, {
      method: 'PUT',
      json: { owner: withTable.owner, approvers: [...withTable.approvers, 'it'] },
      cookie: admin.cookie,
    });
    expect(moved.status).toBe(200);

    const changes = await call(server.url, `/api/policies/${policyId}/sections/${withTable.id}/signoffs/communications`, { cookie: admin.cookie });
    expect(changes.status).toBe(200);
    expect(changes.body.current.text).toContain('Tool\nStatus\nChatGPT\nApproved');
    expect(diffContent(changes.body.signed.content, changes.body.current.content).map(describeChange)).toEqual([
      'Table cell in row 2, column 2 changed from ‘Not approved’ to ‘Approved’',
      'Bold added to ‘ChatGPT’',
    ]);
    // Each change names the person whose edit made it, from the server's update log.
    expect(changes.body.changes.map((change: { kind: string; description: string; by: { name: string }[] }) => [change.kind, change.description, change.by.map((author) => author.name)])).toEqual([
      ['tableCell', 'Table cell in row 2, column 2 changed from ‘Not approved’ to ‘Approved’', ['Ada Admin']],
      ['format', 'Bold added to ‘ChatGPT’', ['Lee Legal']],
    ]);
    expect(changes.body.changedBy.map((author: { name: string }) => author.name).sort()).toEqual(['Ada Admin', 'Lee Legal']);
    expect(changes.body.requirementChanges).toEqual([
      {
        at: expect.any(String),
        by: { id: admin.user.id, name: 'Ada Admin', department: 'communications' },
        before: { owner: withTable.owner, approvers: withTable.approvers },
        after: { owner: withTable.owner, approvers: [...withTable.approvers, 'it'] },
      },
    ]);
  });

  it('names everyone who edited since for each change once the update log was compacted after the sign-off', async () => {
    const policyId = await createPolicy(server.url, admin, { title: 'Compacted policy' });
    const [first] = await sections(policyId);
    const writer = await client(policyId, admin);
    const other = await client(policyId, legal);
    const section = sectionElement(writer.doc, 0);
    section.insert(section.length, [tableElement([{ type: 'tableCell', cells: ['ChatGPT', 'Not approved'] }])]);
    await eventually(async () => expect((await sections(policyId))[0]!.hash).not.toBe(first!.hash));
    await eventually(() => expect(other.doc.getXmlFragment('default').toString()).toContain('Not approved'));
    const signedSection = (await sections(policyId))[0]!;
    expect((await call(server.url, `/api/policies/${policyId}/sections/${signedSection.id}/signoffs`, { json: { hash: signedSection.hash }, cookie: admin.cookie })).status).toBe(201);

    cellText(other.doc, 0, 0).format(0, 'ChatGPT'.length, { bold: {} });
    await eventually(() => expect(cellText(writer.doc, 0, 0).toDelta()).toEqual([{ insert: 'ChatGPT', attributes: { bold: {} } }]));
    // Enough small edits (a character typed and taken back) to make the server compact its log into a snapshot.
    const status = cellText(writer.doc, 0, 1);
    for (let count = 0; count < 300; count += 1) {
      status.insert(status.length, '.');
      status.delete(status.length - 1, 1);
    }
    const db = new Database(path.join(server.dataDir, 'accord.db'), { readonly: true });
    cleanups.push(() => db.close());
    await eventually(() => expect(db.prepare('SELECT COUNT(*) AS count FROM snapshots WHERE policy_id = ?').get(policyId)).toEqual({ count: 1 }), 20_000);
    await eventually(async () => {
      const changes = await call(server.url, `/api/policies/${policyId}/sections/${signedSection.id}/signoffs/communications`, { cookie: admin.cookie });
      expect(changes.status).toBe(200);
      expect(changes.body.changes.map((change: { description: string; by: { name: string }[] }) => [change.description, change.by.map((author) => author.name).sort()])).toEqual([
        ['Bold added to ‘ChatGPT’', ['Ada Admin', 'Lee Legal']],
      ]);
    });
  });
});
