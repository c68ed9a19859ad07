// Worker threads on Node 20 do not inherit the TypeScript loader the server runs under
// (`tsx server/main.ts`), so every worker starts here: it registers the loader, then loads the
// worker's own module, named by `workerData.entry` (see startTypeScriptWorker in ./workers.ts).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
