// Worker threads on Node 20 do not inherit the TypeScript loader the server runs under
// (`tsx server/main.ts`), so the checkpoint worker registers it before loading its code.
import { register } from 'tsx/esm/api';

register();
await import('./checkpointWorker.ts');
