import { parentPort } from 'node:worker_threads';
import { renderExport } from './renderExport';
import type { RenderReply, RenderRequest } from './exportWorker';

/**
 * The export worker: renders files off the main thread, so a 400-section DOCX or PDF (seconds of
 * synchronous work inside the docx and pdfkit packages) never holds up the server's event loop.
 */
parentPort?.on('message', (request: RenderRequest) => {
  void renderExport(request.input, request.format).then(
    (body) => parentPort?.postMessage({ id: request.id, body } satisfies RenderReply),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
  );
});
