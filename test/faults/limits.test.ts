import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as CloseEvents from '../../shared/closeCodes';
import { MAX_CLIENTS_PER_POLICY, MAX_DOCUMENT_BYTES, MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH, MAX_REQUEST_BODY_BYTES, MAX_SECTIONS_PER_POLICY } from '../../shared/limits';
import { messageSync } from '../../shared/protocol';
import { startTestServer } from '../support/accordServer';
import { call, createPolicy, signUpAdmin, type Session } from '../support/session';
import { faultClient, figure, fingerprint, sectionCount, storedDoc, storedFingerprint, storedRows, typeInto, waitFor, whenSynced } from './support/faultKit';
import { cleanupStack } from '../support/cleanups';

const cleanups = cleanupStack();

async function setup(templateId?: string) {
  const server = await startTestServer();
  cleanups.push(() => server.close());
  const admin: Session = await signUpAdmin(server.url);
  const policyId = await createPolicy(server.url, admin, { title: 'Limits', ...(templateId ? { templateId, organization: 'Acme' } : {}) });
  const url = server.url.replace('http', 'ws') + '/collab/' + policyId;
  const raw = async () => {
    const socket = new WebSocket(url, { headers: { cookie: admin.cookie } });
    cleanups.push(() => socket.terminate());
    socket.on('error', () => {});
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve());
      socket.once('close', (code) => reject(new Error(`closed with ${code} before the server spoke`)));
    });
    return { socket, closed };
  };
  return { server, admin, policyId, raw };
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update made on a copy of the stored document: what a client holding that document would send. */
function editOf(base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  edit(copy);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

function newSection(index: number): Y.XmlElement {
  const section = new Y.XmlElement('policySection');
  section.setAttribute('id', `limit-section-${index}-${Math.random().toString(36).slice(2, 10)}`);
  section.setAttribute('owner', 'communications');
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 2 as unknown as string);
  heading.insert(0, [new Y.XmlText(`Extra section ${index}`)]);
  const paragraph = new Y.XmlElement('paragraph');
  section.insert(0, [heading, paragraph]);
  return section;
}

function addSections(count: number, from = 0) {
  return (doc: Y.Doc) => {
    const fragment = doc.getXmlFragment('default');
    fragment.insert(fragment.length, Array.from({ length: count }, (_unused, index) => newSection(from + index)));
  };
}

describe('limits, each with a close code or status a client can put in words', () => {
  it('refuses a request body above MAX_REQUEST_BODY with 413 and a JSON message', async () => {
    const { server, admin } = await setup();
    const huge = JSON.stringify({ title: 'x'.repeat(MAX_REQUEST_BODY_BYTES + 1) });
    const refused = await call(server.url, '/api/policies', { method: 'POST', body: huge, cookie: admin.cookie });
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({ error: 'The request body is too large' });
    const justUnder = await call(server.url, '/api/policies', { method: 'POST', body: JSON.stringify({ title: 'y'.repeat(MAX_REQUEST_BODY_BYTES - 100) }), cookie: admin.cookie });
    expect(justUnder.status).toBe(400); // read and judged (title too long), not refused for size
    expect(justUnder.body.field).toBe('title');
  });

  it(`refuses frames above MAX_MESSAGE_BYTES (${MAX_MESSAGE_BYTES} bytes) with 1009 and accepts a large edit below it`, async () => {
    const { server, policyId, raw } = await setup();
    const big = editOf(storedDoc(server.dataDir, policyId), (doc) => typeInto(doc, 0, 'b'.repeat(MAX_MESSAGE_BYTES - 4096)));
    expect(big.byteLength).toBeLessThan(MAX_MESSAGE_BYTES);
    const ok = await raw();
    ok.socket.send(updateMessage(big));
    await waitFor(() => storedDoc(server.dataDir, policyId).getXmlFragment('default').toString().includes('bbbb'), 10_000, 'large edit stored');
    expect(ok.socket.readyState).toBe(WebSocket.OPEN);
    const tooBig = await raw();
    tooBig.socket.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1));
    expect((await tooBig.closed).code).toBe(CloseEvents.MessageTooBig.code);
  });

  it(`closes with ${CloseEvents.DocumentTooLarge.code} when the document would pass MAX_DOCUMENT_BYTES, storing nothing of the refused edit`, async () => {
    const { server, policyId, admin, raw } = await setup();
    const watcher = faultClient(server.url, policyId, admin.cookie, { name: 'watcher' });
    cleanups.push(() => watcher.destroy());
    await whenSynced(watcher);
    const writer = await raw();
    const chunk = MAX_MESSAGE_BYTES - 64 * 1024;
    let sent = 0;
    const base = storedDoc(server.dataDir, policyId);
    let stored = storedRows(server.dataDir, policyId).updates;
    while (writer.socket.readyState === WebSocket.OPEN && sent < MAX_DOCUMENT_BYTES + 2 * chunk) {
      const update = editOf(base, (doc) => typeInto(doc, 0, String.fromCharCode(97 + ((sent / chunk) % 26)).repeat(chunk)));
      writer.socket.send(updateMessage(update));
      await waitFor(() => writer.socket.readyState !== WebSocket.OPEN || storedRows(server.dataDir, policyId).updates > stored, 10_000, 'edit stored or refused');
      if (writer.socket.readyState === WebSocket.OPEN) {
        stored += 1;
        sent += update.byteLength;
        Y.applyUpdate(base, update);
      }
    }
    const closed = await writer.closed;
    expect(closed).toEqual({ code: CloseEvents.DocumentTooLarge.code, reason: CloseEvents.DocumentTooLarge.reason });
    expect(sent).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    expect(sent).toBeGreaterThan(MAX_DOCUMENT_BYTES - 2 * chunk);
    expect(storedFingerprint(server.dataDir, policyId)).toEqual(fingerprint(base));
    expect(watcher.provider.wsconnected).toBe(true);
    expect(CloseEvents.describeClose(closed.code)).toMatch(/size limit/);
    base.destroy();
    figure('document size limit', { limitBytes: MAX_DOCUMENT_BYTES, acceptedBytes: sent, refusedWith: closed.code });
  });

  it('counts updates held back for missing dependencies towards the document size', async () => {
    const { server, policyId, raw } = await setup();
    const writer = await raw();
    // Edits that depend on an edit the server never receives: Yjs keeps them aside, in memory.
    const base = storedDoc(server.dataDir, policyId);
    const chunk = MAX_MESSAGE_BYTES - 64 * 1024;
    const before = storedFingerprint(server.dataDir, policyId);
    let sentHeldBack = 0;
    const hidden = new Y.Doc();
    Y.applyUpdate(hidden, Y.encodeStateAsUpdate(base));
    typeInto(hidden, 0, 'the missing dependency ');
    for (let index = 0; writer.socket.readyState === WebSocket.OPEN && index < 12; index += 1) {
      const update = editOf(hidden, (doc) => typeInto(doc, 0, 'h'.repeat(chunk)));
      Y.applyUpdate(hidden, update);
      writer.socket.send(updateMessage(update));
      sentHeldBack += update.byteLength;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await writer.closed).code).toBe(CloseEvents.DocumentTooLarge.code);
    expect(sentHeldBack).toBeGreaterThan(MAX_DOCUMENT_BYTES - chunk);
    expect(storedFingerprint(server.dataDir, policyId)).toEqual(before);
    base.destroy();
    hidden.destroy();
  });

  it(`turns away client number ${MAX_CLIENTS_PER_POLICY + 1} with ${CloseEvents.RoomFull.code} and lets them in once someone leaves`, async () => {
    const { raw } = await setup();
    const sockets = [];
    for (let index = 0; index < MAX_CLIENTS_PER_POLICY; index += 1) sockets.push(await raw());
    const extra = raw();
    await expect(extra).rejects.toThrow(String(CloseEvents.RoomFull.code));
    sockets[0]!.socket.close();
    await sockets[0]!.closed;
    await waitFor(async () => {
      const again = await raw().then((opened) => opened, () => null);
      return again !== null;
    }, 5_000, 'a place frees up');
    expect(CloseEvents.shouldReconnect(CloseEvents.RoomFull.code)).toBe(true);
    expect(CloseEvents.describeClose(CloseEvents.RoomFull.code)).toMatch(String(MAX_CLIENTS_PER_POLICY));
  });

  it(`refuses the change that would pass ${MAX_SECTIONS_PER_POLICY} sections, whole, with ${CloseEvents.TooManySections.code}; others keep editing`, async () => {
    const { server, policyId, admin, raw } = await setup();
    const watcher = faultClient(server.url, policyId, admin.cookie, { name: 'watcher' });
    cleanups.push(() => watcher.destroy());
    await whenSynced(watcher);
    const start = sectionCount(storedDoc(server.dataDir, policyId));

    // Up to the limit in one go: allowed.
    const filler = await raw();
    filler.socket.send(updateMessage(editOf(storedDoc(server.dataDir, policyId), addSections(MAX_SECTIONS_PER_POLICY - start - 5))));
    await waitFor(() => sectionCount(storedDoc(server.dataDir, policyId)) === MAX_SECTIONS_PER_POLICY - 5, 10_000, 'sections stored');

    // Ten more when five are left: refused as a whole, nothing of it stored or relayed.
    const before = storedFingerprint(server.dataDir, policyId);
    const offender = faultClient(server.url, policyId, admin.cookie, { name: 'offender' });
    cleanups.push(() => offender.destroy());
    await whenSynced(offender);
    addSections(10, 1000)(offender.doc);
    await waitFor(() => offender.closes.length > 0, 5_000, 'offender closed');
    expect(offender.closes[0]).toEqual({ code: CloseEvents.TooManySections.code, reason: CloseEvents.TooManySections.reason });
    expect(storedFingerprint(server.dataDir, policyId)).toEqual(before);
    expect(sectionCount(watcher.doc)).toBe(MAX_SECTIONS_PER_POLICY - 5);
    expect(CloseEvents.shouldReconnect(CloseEvents.TooManySections.code)).toBe(false);
    expect(CloseEvents.describeClose(CloseEvents.TooManySections.code)).toMatch(String(MAX_SECTIONS_PER_POLICY));

    // Exactly up to the limit is fine, and text can still be edited at the limit.
    filler.socket.send(updateMessage(editOf(storedDoc(server.dataDir, policyId), addSections(5, 2000))));
    await waitFor(() => sectionCount(watcher.doc) === MAX_SECTIONS_PER_POLICY, 5_000, 'watcher sees the limit reached');
    typeInto(watcher.doc, 3, 'Still editable at the limit.');
    await waitFor(() => storedDoc(server.dataDir, policyId).getXmlFragment('default').toString().includes('Still editable at the limit.'), 5_000, 'text edit at the limit stored');
    const oneMore = await raw();
    oneMore.socket.send(updateMessage(editOf(storedDoc(server.dataDir, policyId), addSections(1, 3000))));
    expect((await oneMore.closed).code).toBe(CloseEvents.TooManySections.code);
    expect(watcher.provider.wsconnected).toBe(true);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).body.sections).toHaveLength(MAX_SECTIONS_PER_POLICY);
    figure('section limit', { limit: MAX_SECTIONS_PER_POLICY, refusedBatch: 10, storedAfterRefusal: MAX_SECTIONS_PER_POLICY - 5 });
  });

  it(`refuses nesting deeper than ${MAX_NESTING_DEPTH} levels and shared types the editor never makes; the policy stays readable`, async () => {
    const { server, policyId, admin, raw } = await setup();
    const before = storedFingerprint(server.dataDir, policyId);
    const deep = (levels: number) => (doc: Y.Doc) => {
      const section = doc.getXmlFragment('default').toArray().find((node) => node instanceof Y.XmlElement && node.nodeName === 'policySection') as Y.XmlElement;
      let parent = section;
      for (let level = 0; level < levels; level += 1) {
        const child = new Y.XmlElement(level % 2 ? 'listItem' : 'bulletList');
        parent.push([child]);
        parent = child;
      }
    };
    const tooDeep = await raw();
    tooDeep.socket.send(updateMessage(editOf(storedDoc(server.dataDir, policyId), deep(3000))));
    expect((await tooDeep.closed).code).toBe(CloseEvents.InvalidUpdate.code);
    const hook = await raw();
    hook.socket.send(updateMessage(editOf(storedDoc(server.dataDir, policyId), (doc) => doc.getXmlFragment('default').push([new Y.XmlHook('evil') as unknown as Y.XmlElement]))));
    expect((await hook.closed).code).toBe(CloseEvents.InvalidUpdate.code);
    const nestedMap = await raw();
    nestedMap.socket.send(updateMessage(editOf(storedDoc(server.dataDir, policyId), (doc) => doc.getMap('inventory').set('x', new Y.Map()))));
    expect((await nestedMap.closed).code).toBe(CloseEvents.InvalidUpdate.code);
    expect(storedFingerprint(server.dataDir, policyId)).toEqual(before);

    // Real nesting (a few list levels) is untouched by the rule.
    const fine = await raw();
    fine.socket.send(updateMessage(editOf(storedDoc(server.dataDir, policyId), deep(10))));
    await waitFor(() => storedFingerprint(server.dataDir, policyId).stateVector !== before.stateVector, 5_000, 'ten levels stored');
    expect(fine.socket.readyState).toBe(WebSocket.OPEN);
    expect((await call(server.url, `/api/policies/${policyId}`, { cookie: admin.cookie })).status).toBe(200);
    expect((await call(server.url, `/api/policies`, { cookie: admin.cookie })).status).toBe(200);
  });

  it(`closes with ${CloseEvents.Unauthorized.code} the live connection of a session that ended, at its next change`, async () => {
    const { server, policyId, admin } = await setup();
    const editor = faultClient(server.url, policyId, admin.cookie, { name: 'leaver' });
    cleanups.push(() => editor.destroy());
    await whenSynced(editor);
    typeInto(editor.doc, 0, '⟦before-logout⟧ ');
    await waitFor(() => storedDoc(server.dataDir, policyId).getXmlFragment('default').toString().includes('⟦before-logout⟧'), 5_000, 'stored');
    expect((await call(server.url, '/api/auth/logout', { json: {}, cookie: admin.cookie })).status).toBe(200);
    typeInto(editor.doc, 0, '⟦after-logout⟧ ');
    await waitFor(() => editor.closes.length > 0, 5_000, 'closed');
    expect(editor.closes[0]).toEqual({ code: CloseEvents.Unauthorized.code, reason: CloseEvents.Unauthorized.reason });
    expect(storedDoc(server.dataDir, policyId).getXmlFragment('default').toString()).not.toContain('⟦after-logout⟧');
    expect(CloseEvents.shouldReconnect(CloseEvents.Unauthorized.code)).toBe(false);
  });

  it('has words for every close code the server sends', () => {
    for (const close of [CloseEvents.UnknownPolicy, CloseEvents.MalformedMessage, CloseEvents.InvalidUpdate, CloseEvents.MessageTooBig, CloseEvents.Unauthorized, CloseEvents.RoomFull, CloseEvents.DocumentTooLarge, CloseEvents.TooManySections, CloseEvents.StorageFailure, CloseEvents.InternalError, CloseEvents.GoingAway]) {
      expect(CloseEvents.describeClose(close.code), String(close.code)).toMatch(/\w{3,}/);
      expect(Buffer.byteLength(close.reason), `${close.code} reason fits a close frame`).toBeLessThanOrEqual(123);
    }
    expect(CloseEvents.shouldReconnect(CloseEvents.StorageFailure.code)).toBe(true);
    expect(CloseEvents.shouldReconnect(CloseEvents.InvalidUpdate.code)).toBe(false);
    const delays = Array.from({ length: 1000 }, (_unused, attempt) => CloseEvents.reconnectDelay(attempt % 8));
    expect(Math.max(...delays)).toBeLessThanOrEqual(5_000);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
