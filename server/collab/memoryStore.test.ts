import { MemoryDocumentStore } from '../../test/support/memoryStore';
import { documentStoreContract } from '../../test/support/documentStoreContract';

// The store the room's unit tests use must behave like the real ones.
documentStoreContract('in memory', () => ({ store: new MemoryDocumentStore(), addPolicy: () => undefined, dispose: () => undefined }));
