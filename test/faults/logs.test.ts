import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { createLogger, formatLine } from '../../server/logger';
import * as CloseEvents from '../../shared/closeCodes';
import { startTestServerWithDatabase } from '../support/accordServer';
import { call, createPolicy, signUpAdmin, signUpInvited } from '../support/session';
import { faultClient, typeInto, waitFor, whenSynced } from './support/faultKit';
import { cleanupStack } from '../support/cleanups';

const cleanups = cleanupStack();

interface Entry {
  time: string;
  level: 'info' | 'warn' | 'error';
  event: string;
  [field: string]: unknown;
}

describe('structured logs: one JSON line per event, with level', () => {
  it('logs connections, closes with their reasons, sign-offs, refusals and storage errors', async () => {
    const lines: string[] = [];
    const { server, db } = await startTestServerWithDatabase({ logger: createLogger({ write: (line) => lines.push(line) }) });
    cleanups.push(() => server.close());
    const entries = () => lines.map((line) => JSON.parse(line) as Entry);
    const find = (event: string, match: (entry: Entry) => boolean = () => true) => entries().find((entry) => entry.event === event && match(entry));

    const admin = await signUpAdmin(server.url);
    const marketing = await signUpInvited(server.url, admin, 'marketing');
    const policyId = await createPolicy(server.url, admin, { title: 'Logged', templateId: 'small-business', organization: 'Acme' });

    const client = faultClient(server.url, policyId, admin.cookie, { name: 'logged' });
    cleanups.push(() => client.destroy());
    await whenSynced(client);
    expect(find('collab.connected', (entry) => entry.policy === policyId)).toMatchObject({ level: 'info', user: admin.user.id, readOnly: false });

    // A hostile frame: logged with the close code it earned, and the close with its reason.
    const hostile = new WebSocket(server.url.replace('http', 'ws') + '/collab/' + policyId, { headers: { cookie: admin.cookie } });
    cleanups.push(() => hostile.terminate());
    await new Promise((resolve) => hostile.once('message', resolve));
    hostile.send(Buffer.from([0x80]));
    await new Promise((resolve) => hostile.once('close', resolve));
    await waitFor(() => Boolean(find('collab.closed', (entry) => entry.code === CloseEvents.MalformedMessage.code)), 2_000, 'close logged');
    expect(find('collab.hostile_message')).toMatchObject({ level: 'warn', policy: policyId, close: CloseEvents.MalformedMessage.code });
    expect(find('collab.closed', (entry) => entry.code === CloseEvents.MalformedMessage.code)).toMatchObject({ reason: CloseEvents.MalformedMessage.reason });

    // Refusals before a room is joined.
    const unknown = new WebSocket(server.url.replace('http', 'ws') + '/collab/noSuchPolicy123', { headers: { cookie: admin.cookie } });
    cleanups.push(() => unknown.terminate());
    await new Promise((resolve) => unknown.once('close', resolve));
    expect(find('collab.refused', (entry) => entry.close === CloseEvents.UnknownPolicy.code)).toMatchObject({ level: 'warn', reason: CloseEvents.UnknownPolicy.reason });

    // Sign-off and revocation (logged by the policy routes).
    const section = (await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body.sections[0];
    expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { json: { hash: section.hash }, cookie: marketing.cookie })).status).toBe(201);
    expect((await call(server.url, `/api/policies/${policyId}/sections/${section.id}/signoffs`, { method: 'DELETE', cookie: marketing.cookie })).status).toBe(200);
    expect(find('signoff.signed')).toMatchObject({ level: 'info', policy: policyId, section: section.id, department: 'marketing', user: marketing.user.id });
    expect(find('signoff.revoked')).toMatchObject({ level: 'info', policy: policyId, section: section.id, department: 'marketing' });

    // A storage failure: the failed write, the room closing everyone with 4503, the refused request.
    db.pragma('query_only = ON');
    typeInto(client.doc, 1, 'not saved yet ');
    await waitFor(() => Boolean(find('room.storage_failed')), 5_000, 'storage failure logged');
    expect(find('storage.append_failed')).toMatchObject({ level: 'error', policy: policyId, code: 'SQLITE_READONLY' });
    expect(find('room.storage_failed')).toMatchObject({ level: 'warn', close: CloseEvents.StorageFailure.code });
    await waitFor(() => Boolean(find('collab.closed', (entry) => entry.code === CloseEvents.StorageFailure.code)), 2_000, 'closes logged');
    expect((await call(server.url, '/api/policies', { json: { title: 'x' }, cookie: admin.cookie })).status).toBe(503);
    expect(find('storage.request_failed')).toMatchObject({ level: 'error', code: 'SQLITE_READONLY', method: 'POST' });
    db.pragma('query_only = OFF');

    // Every line is one JSON object with an ISO time, a level and an event name.
    for (const line of lines) {
      expect(line).not.toContain('\n');
      const entry = JSON.parse(line) as Entry;
      expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
      expect(['info', 'warn', 'error']).toContain(entry.level);
      expect(entry.event).toMatch(/^[a-z]+(\.[a-z_]+)+$/);
    }
  });

  it('never throws on fields JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const line = formatLine('error', 'test.cyclic', { cyclic, big: 10n, error: Object.assign(new Error('boom'), { code: 'E_TEST' }), bytes: new Uint8Array(3) });
    expect(JSON.parse(line)).toMatchObject({ level: 'error', event: 'test.cyclic' });
    expect(JSON.parse(formatLine('info', 'test.error', { error: Object.assign(new Error('boom'), { code: 'E_TEST' }), big: 10n }))).toMatchObject({ error: { message: 'boom', code: 'E_TEST' }, big: '10' });
    const broken = createLogger({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => broken.error('test.unwritable')).not.toThrow();
  });
});
