import { describe, expect, it } from 'vitest';
import { CollabConnection } from './connection';
import { LOAD_ORIGIN, originAccount, originConnection, ServerOrigin, transactionOrigin } from './origins';

const socket = { send: () => undefined, close: () => undefined, terminate: () => undefined };

describe('transaction origins', () => {
  it('name the account behind each kind of change', () => {
    const connection = new CollabConnection({ socket, identity: null, readOnly: false, userId: 'user-ada' });
    expect(originAccount(transactionOrigin(connection))).toBe('user-ada');
    expect(originAccount(transactionOrigin(new ServerOrigin('requirements', 'user-bo')))).toBe('user-bo');
    expect(originAccount(transactionOrigin(new ServerOrigin('repair', null)))).toBeNull();
    expect(originAccount(transactionOrigin(LOAD_ORIGIN))).toBeNull();
    expect(originAccount(transactionOrigin(null))).toBeNull();
  });

  it('treat anything the server does not know as a change nobody is recorded for', () => {
    // A duck-typed object claiming an account is not a connection.
    expect(transactionOrigin({ userId: 'user-mallory', awarenessIds: new Set() })).toBeNull();
    expect(transactionOrigin('local')).toBeNull();
  });

  it('tell the connection a change came from, which is not sent it back', () => {
    const connection = new CollabConnection({ socket, identity: null, readOnly: false, userId: null });
    expect(originConnection(connection)).toBe(connection);
    expect(originConnection(new ServerOrigin('repair', null))).toBeNull();
    expect(originConnection(LOAD_ORIGIN)).toBeNull();
  });
});
