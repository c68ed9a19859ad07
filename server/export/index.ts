import { renderDocx } from './docx';
import { fileName, type ExportFile, type ExportFormat, type ExportInput } from './exportModel';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';
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
 */
export async function exportPolicy(input: ExportInput, format: ExportFormat): Promise<ExportFile> {
  const body = await renderBody(input, format);
  return { body, contentType: CONTENT_TYPES[format], filename: fileName(input, format) };
}

async function renderBody(input: ExportInput, format: ExportFormat): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return renderDocx(input);
    case 'pdf':
      return renderPdf(input);
    case 'html':
      return Buffer.from(renderHtml(input), 'utf8');
    case 'md':
      return Buffer.from(renderMarkdown(input), 'utf8');
    default:
      throw new Error(`Unknown export format: ${String(format satisfies never)}`);
  }
}
