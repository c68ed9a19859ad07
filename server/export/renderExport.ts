import { renderDocx } from './docx';
import type { ExportFormat, ExportInput } from './exportModel';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';

/** Renders the file in this thread. The server calls it through the export worker (`exportPolicy`). */
export async function renderExport(input: ExportInput, format: ExportFormat): Promise<Buffer> {
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
