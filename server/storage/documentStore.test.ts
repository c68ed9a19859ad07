import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { documentStoreContract } from '../../test/support/documentStoreContract';
import { openDatabase } from './database';
import { SqliteDocumentStore } from './documentStore';

documentStoreContract('SQLite', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-store-'));
  const db = openDatabase(dataDir);
  const now = new Date().toISOString();
  const insertPolicy = db.prepare<[string, string, string, string]>('INSERT INTO policies (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)');
  return {
    store: new SqliteDocumentStore(db),
    addPolicy: (policyId) => insertPolicy.run(policyId, 'Contract', now, now),
    dispose: () => {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
