import { useEffect, useRef, useState } from 'react';
import type { ExportQuery } from '../../shared/api';
import { ApiError, requestFile, routes } from '../api';

const FORMATS: readonly { id: ExportQuery['format']; label: string }[] = [
  { id: 'docx', label: 'Word (DOCX)' },
  { id: 'pdf', label: 'PDF' },
  { id: 'html', label: 'Web page (HTML)' },
  { id: 'md', label: 'Markdown' },
];

/**
 * The export menu's panel: choose a format and a version; drafts are said to be drafts before
 * download. Loaded only when someone opens the menu.
 */
export default function ExportPanel({ policyId, endorsed, everEndorsed, onClose }: { policyId: string; endorsed: boolean; everEndorsed: boolean; onClose: () => void }) {
  const [format, setFormat] = useState<ExportQuery['format']>('docx');
  const [version, setVersion] = useState<ExportQuery['version']>('current');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('input, select, button')?.focus();
  }, []);

  const isDraft = version === 'current' && !endorsed;

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await requestFile(routes.exportPolicy, { params: { id: policyId }, query: { format, ...(version === 'endorsed' ? { version } : {}) } });
      const url = URL.createObjectURL(file.blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName ?? `policy.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      onClose();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The export failed. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div ref={panel} className="menu-panel menu-right" role="group" aria-label="Export the policy">
      <fieldset className="field">
        <legend>Format</legend>
        {FORMATS.map((item) => (
          <label key={item.id} className="checkbox">
            <input type="radio" name="export-format" value={item.id} checked={format === item.id} onChange={() => setFormat(item.id)} />
            {item.label}
          </label>
        ))}
      </fieldset>
      <fieldset className="field">
        <legend>Version</legend>
        <label className="checkbox">
          <input type="radio" name="export-version" checked={version === 'current'} onChange={() => setVersion('current')} />
          Current text
        </label>
        <label className="checkbox">
          <input type="radio" name="export-version" checked={version === 'endorsed'} onChange={() => setVersion('endorsed')} disabled={!everEndorsed} />
          Last endorsed version{everEndorsed ? '' : ' (none yet)'}
        </label>
      </fieldset>
      {isDraft && (
        <p className="notice" role="note" data-testid="draft-warning">
          Not every section is signed, so this export is marked as a <strong>draft</strong> on every page.
        </p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <button type="button" className="primary wide" onClick={() => void download()} disabled={busy} aria-busy={busy}>
        {busy ? 'Preparing the file…' : 'Download'}
      </button>
    </div>
  );
}
