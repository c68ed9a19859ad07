import { ExportWorkerUnavailable, renderInWorker } from './exportWorker';
import { fileName, type ExportFile, type ExportFormat, type ExportInput } from './exportModel';
import { renderExport } from './renderExport';
import { EXPORT_CONTENT_TYPES } from '../../shared/api/routes';

export type { ExportFile, ExportFormat, ExportInput } from './exportModel';

/** Every format the export route accepts, in the order a menu should offer them. */
export const EXPORT_FORMATS = ['docx', 'pdf', 'html', 'md'] as const satisfies readonly ExportFormat[];

const CONTENT_TYPES: Record<ExportFormat, string> = EXPORT_CONTENT_TYPES;

/** Whether a request parameter names a supported format, so routes can reject others before rendering. */
export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * Renders the policy in one format and names the file, so a route only has to send the result.
 * The name says "draft" or "endorsed" so a downloaded draft can't pass for the signed-off policy.
 * Rendering runs in the export worker: a long DOCX or PDF takes seconds of synchronous work, and
 * no request may hold the event loop that long. If the worker can't run, it renders here.
 */
export async function exportPolicy(input: ExportInput, format: ExportFormat): Promise<ExportFile & RenderedWhere> {
  const file = (body: Buffer) => ({ body, contentType: CONTENT_TYPES[format], filename: fileName(input, format) });
  try {
    return { ...file(await renderInWorker(input, format)), renderedIn: 'worker' };
  } catch (error) {
    if (!(error instanceof ExportWorkerUnavailable)) throw error;
    return { ...file(await renderExport(input, format)), renderedIn: 'main thread', workerProblem: error.message };
  }
}

/** The Content-Disposition of an export downloaded as a file: the plain name for old clients, the UTF-8 one for the rest. */
export function attachmentDisposition(filename: string): string {
  return `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Where an export was rendered: the worker, or (when it could not run) the server's own thread, with why. */
export type RenderedWhere = { renderedIn: 'worker' } | { renderedIn: 'main thread'; workerProblem: string };
