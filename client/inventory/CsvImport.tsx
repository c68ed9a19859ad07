import { useId, useState } from 'react';
import type * as Y from 'yjs';
import { INVENTORY_CSV_HELP, INVENTORY_CSV_SAMPLE, parseInventoryCsv, validateInventoryEntry } from '../../shared/inventory';
import type { Department } from '../../shared/departments';
import { saveEntry } from './useInventory';
import './csvImport.css';

/** Larger files are refused before reading: an inventory CSV of a few hundred rows is far smaller. */
const MAX_CSV_BYTES = 1_000_000;

/** What an import did, row by row. */
interface ImportReport {
  file: string;
  imported: { line: number; account: string }[];
  refused: { line: number; problems: { column: string; message: string }[] }[];
  /** A problem with the whole file (too large, unreadable), instead of rows. */
  failure?: string;
}

const SAMPLE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(INVENTORY_CSV_SAMPLE)}`;

/**
 * Importing a spreadsheet into the inventory: a sample file to start from, what each column
 * takes, and a report that lists every imported row and every refused one with its line, its
 * column and why. Good rows are imported even when others are refused.
 */
export function CsvImport({ doc, departments, readOnly }: { doc: Y.Doc; departments: readonly Department[]; readOnly: boolean }) {
  const [report, setReport] = useState<ImportReport | null>(null);
  const helpId = useId();

  const importFile = async (file: File) => {
    if (file.size > MAX_CSV_BYTES) {
      setReport({ file: file.name, imported: [], refused: [], failure: 'That file is larger than 1 MB. Split it into smaller files and import each.' });
      return;
    }
    // Imported rows go to departments that can still be given work, never to archived ones.
    const assignable = departments.filter((department) => !department.archived);
    const parsed = parseInventoryCsv(await file.text(), assignable);
    const imported: ImportReport['imported'] = [];
    const refused = new Map<number, ImportReport['refused'][number]>();
    const refuse = (line: number, column: string, message: string) => {
      const row = refused.get(line) ?? { line, problems: [] };
      row.problems.push({ column, message });
      refused.set(line, row);
    };
    for (const error of parsed.errors) refuse(error.line, error.field, error.message);
    doc.transact(() => {
      parsed.entries.forEach((input, index) => {
        const line = parsed.lines[index] ?? 0;
        const result = validateInventoryEntry(input, assignable);
        if (result.ok) {
          saveEntry(doc, result.entry);
          imported.push({ line, account: result.entry.account });
        } else {
          for (const error of result.errors) refuse(line, error.field.split('.')[0]!, error.message);
        }
      });
    });
    setReport({ file: file.name, imported, refused: [...refused.values()].sort((a, b) => a.line - b.line) });
  };

  return (
    <div className="csv-import">
      <div className="csv-import-actions">
        {!readOnly && (
          <label className="button small">
            Import CSV
            <input
              type="file"
              accept=".csv,text/csv"
              className="visually-hidden"
              aria-describedby={helpId}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void importFile(file);
              }}
            />
          </label>
        )}
        <a className="small" href={SAMPLE_HREF} download="inventory-sample.csv">Download a sample CSV</a>
      </div>
      <details className="csv-help" id={helpId}>
        <summary>What goes in the CSV file</summary>
        <p>
          The first row names the columns, in any order; every column must be there. Each further row is one account. Rows with a problem are
          left out and listed after the import with their line number; the other rows are imported.
        </p>
        <div className="table-scroll">
        <table className="csv-help-table">
          <thead>
            <tr><th scope="col">Column</th><th scope="col">Required</th><th scope="col">What to write</th></tr>
          </thead>
          <tbody>
            {INVENTORY_CSV_HELP.map((column) => (
              <tr key={column.column}>
                <th scope="row"><code>{column.column}</code></th>
                <td>{column.required ? 'Yes' : 'No, may be empty'}</td>
                <td>{column.accepts}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </details>
      {report && <ImportResult report={report} />}
    </div>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const { imported, refused } = report;
  return (
    <div role="status" className="notice csv-report" data-testid="import-report">
      {report.failure ? (
        <p>{report.failure}</p>
      ) : (
        <>
          <p>
            <strong>{report.file}:</strong> {imported.length} row{imported.length === 1 ? '' : 's'} imported
            {refused.length > 0 ? `, ${refused.length} row${refused.length === 1 ? '' : 's'} refused.` : '.'}
          </p>
          {refused.length > 0 && (
            <>
              <h3 className="csv-report-title">Refused rows: fix them in the file and import it again</h3>
              <ul className="csv-refused">
                {refused.map((row) => (
                  <li key={row.line} data-line={row.line}>
                    <strong>Line {row.line}</strong>
                    <ul>
                      {row.problems.map((problem, index) => (
                        <li key={index}>
                          <code>{problem.column}</code>: {problem.message}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </>
          )}
          {imported.length > 0 && (
            <details className="csv-imported">
              <summary>Imported rows</summary>
              <ul>
                {imported.map((row) => (
                  <li key={row.line} data-line={row.line}>Line {row.line}: {row.account}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}
