import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as CloseEvents from '../../shared/closeCodes';
import { DOCUMENT_FIELD } from '../../shared/sections';
import { MemoryDocumentStore } from '../../test/support/memoryStore';
import { CollabConnection } from './connection';
import { Room } from './room';
import type { Inspection } from './sectionGuard';
import { UpdateGate, type UpdateGuard } from './updateGate';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const socket = { send: () => undefined, close: () => undefined, terminate: () => undefined };

function typed(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** A guard that answers with `inspection` and records what it was asked. */
function recordingGuard(inspection: Inspection) {
  const calls: string[] = [];
  const guard: UpdateGuard = {
    inspect: () => (calls.push('inspect'), inspection),
    applied: () => void calls.push('applied'),
  };
  return { guard, calls };
}

const rooms: Room[] = [];
afterEach(() => {
  for (const room of rooms.splice(0)) room.close(CloseEvents.GoingAway);
});

function setup(guard?: UpdateGuard, limits = {}) {
  const room = new Room('policy-gate-test', new MemoryDocumentStore(), quiet);
  rooms.push(room);
  const connection = new CollabConnection({ socket, identity: null, readOnly: false, userId: 'user-ada' });
  return { gate: new UpdateGate(guard, limits), room, connection };
}

describe('the update gate', () => {
  it('closes for no access, drops for read access, before reading the update at all', () => {
    const { guard, calls } = recordingGuard({ refuse: false, structural: false, before: new Set(), deleted: new Map() });
    const { gate, room, connection } = setup(guard);
    const garbage = Uint8Array.of(1, 2, 3);
    expect(gate.decide({ access: 'none', update: garbage, room, connection, documentBytes: 0 })).toMatchObject({ kind: 'close', close: CloseEvents.Unauthorized, hostile: false });
    expect(gate.decide({ access: 'read', update: garbage, room, connection, documentBytes: 0 })).toEqual({ kind: 'drop', reason: 'read-only' });
    expect(calls).toEqual([]);
  });

  it('applies a plain edit, asking the guard, with no repair unless the guard says it is structural', () => {
    const { guard, calls } = recordingGuard({ refuse: false, structural: false, before: new Set(), deleted: new Map() });
    const { gate, room, connection } = setup(guard);
    const update = typed('hello');
    expect(gate.decide({ access: 'write', update, room, connection, documentBytes: 0 })).toEqual({ kind: 'apply', update, repair: null });
    expect(calls).toEqual(['inspect']);
  });

  it("passes the guard's refusal on as the close", () => {
    const { guard } = recordingGuard({ refuse: true, close: CloseEvents.RequirementsLocked, detail: 'owner rewritten' });
    const { gate, room, connection } = setup(guard);
    expect(gate.decide({ access: 'write', update: typed('x'), room, connection, documentBytes: 0 })).toEqual({
      kind: 'close',
      close: CloseEvents.RequirementsLocked,
      reason: 'update refused: owner rewritten',
      hostile: false,
    });
  });

  it('refuses garbage as hostile (4422) and a limit as a plain refusal, without asking the guard', () => {
    const { guard, calls } = recordingGuard({ refuse: false, structural: false, before: new Set(), deleted: new Map() });
    const { gate, room, connection } = setup(guard, { maxDocumentBytes: 100, maxSections: 1 });
    expect(gate.decide({ access: 'write', update: Uint8Array.of(200, 1, 7), room, connection, documentBytes: 0 })).toMatchObject({ kind: 'close', close: CloseEvents.InvalidUpdate, hostile: true });
    expect(gate.decide({ access: 'write', update: typed('x'), room, connection, documentBytes: 99 })).toMatchObject({ kind: 'close', close: CloseEvents.DocumentTooLarge, hostile: false });
    const sections = new Y.Doc();
    sections.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlElement('policySection'), new Y.XmlElement('policySection')]);
    expect(gate.decide({ access: 'write', update: Y.encodeStateAsUpdate(sections), room, connection, documentBytes: 0 })).toMatchObject({ kind: 'close', close: CloseEvents.TooManySections });
    expect(calls).toEqual([]);
  });
});
