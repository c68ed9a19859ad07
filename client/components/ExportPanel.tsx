import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { DEFAULT_EXPORT_PARTS, EXPORT_FORMATS, EXPORT_PARTS, type ExportPart, type ExportQuery } from '../../shared/api';
import { requestFile, saveFile, routes } from '../api';
import { errorMessage } from '../errorMessage';
import { OFFLINE_EXPORT_MESSAGE } from './exportMessages';
import './export.css';

const FORMATS: readonly { id: ExportQuery['format']; label: string }[] = [
  { id: 'docx', label: 'Word (DOCX)' },
  { id: 'pdf', label: 'PDF' },
  { id: 'html', label: 'Web page (HTML)' },
  { id: 'md', label: 'Markdown' },
];

const PARTS: readonly { id: ExportPart; label: string; hint?: string }[] = [
  { id: 'text', label: 'Policy text' },
  { id: 'endorsement', label: 'Endorsement record', hint: 'Who signed each section, and when.' },
  { id: 'readability', label: 'Reading-level summary' },
  { id: 'inventory', label: 'Inventory appendix', hint: 'For internal use: lists every account and its weak points, such as accounts with one admin.' },
  { id: 'comments', label: 'Open comments', hint: 'For review copies; leave off for staff.' },
];

/** Parts that start unticked every time: a review copy's comments must not slip into the next staff copy. */
const NOT_REMEMBERED: readonly ExportPart[] = ['comments'];


/** The last choice, kept per browser so a person who always wants the same parts doesn't tick them again. */
const STORAGE_KEY = 'accord.export.choice';

interface ExportChoice {
  format: ExportQuery['format'];
  parts: ExportPart[];
}

function storedChoice(): ExportChoice {
  const fallback: ExportChoice = { format: 'docx', parts: [...DEFAULT_EXPORT_PARTS] };
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<ExportChoice> | null;
    const format = (EXPORT_FORMATS as readonly unknown[]).includes(stored?.format) ? stored!.format! : fallback.format;
    const parts = Array.isArray(stored?.parts) ? EXPORT_PARTS.filter((part) => stored.parts!.includes(part) && !NOT_REMEMBERED.includes(part)) : fallback.parts;
    return { format, parts: parts.length > 0 ? parts : fallback.parts };
  } catch {
    return fallback;
  }
}

function storeChoice(choice: ExportChoice): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...choice, parts: choice.parts.filter((part) => !NOT_REMEMBERED.includes(part)) }));
  } catch {
    // Storage full or blocked: the choice is simply not remembered.
  }
}

/**
 * The export menu's panel: choose a format, a version and the parts; drafts are said to be drafts
 * before download. Loaded only when someone opens the menu.
 */
export default function ExportPanel({
  policyId,
  endorsed,
  everEndorsed,
  onClose,
  onDownloaded,
}: {
  policyId: string;
  endorsed: boolean;
  everEndorsed: boolean;
  onClose: () => void;
  /** After a download: what was saved, in words, for the page to say (the browser may show nothing). */
  onDownloaded?: (message: string) => void;
}) {
  const [initial] = useState(storedChoice);
  const [format, setFormat] = useState<ExportQuery['format']>(initial.format);
  const [parts, setParts] = useState<ExportPart[]>(initial.parts);
  const [version, setVersion] = useState<ExportQuery['version']>('current');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  // On wide screens the panel drops from its button: it may be as tall as the window below that
  // (export.css), so its Download button is never under the window's edge.
  useLayoutEffect(() => {
    const element = panel.current;
    if (!element) return;
    const fit = () => element.style.setProperty('--panel-top', `${Math.max(0, element.getBoundingClientRect().top)}px`);
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, []);
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('input, select, button')?.focus();
  }, []);

  useEffect(() => {
    // Coming back online clears the offline message, so the panel doesn't keep saying it.
    const onOnline = () => setError((current) => (current === OFFLINE_EXPORT_MESSAGE ? null : current));
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, []);

  useEffect(() => storeChoice({ format, parts }), [format, parts]);

  const isDraft = version === 'current' && !endorsed;
  // The endorsed version is frozen text: the server leaves comments out of it, so they are not asked for.
  const asked = version === 'endorsed' ? parts.filter((part) => part !== 'comments') : parts;
  const togglePart = (part: ExportPart, on: boolean) =>
    setParts((current) => EXPORT_PARTS.filter((candidate) => (candidate === part ? on : current.includes(candidate))));

  const download = async () => {
    setError(null);
    if (!navigator.onLine) {
      setError(OFFLINE_EXPORT_MESSAGE);
      return;
    }
    setBusy(true);
    try {
      const query = { format, parts: asked.join(','), ...(version === 'endorsed' ? { version } : {}) };
      const file = await requestFile(routes.exportPolicy, { params: { id: policyId }, query });
      const name = file.fileName ?? `policy.${format}`;
      saveFile(file, name);
      onClose();
      const label = FORMATS.find((item) => item.id === format)?.label ?? format;
      onDownloaded?.(`Downloaded “${name}”: ${label}${isDraft ? ', marked as a draft' : version === 'endorsed' ? ', the last endorsed version' : ''}. It is in your downloads.`);
    } catch (caught) {
      if (!navigator.onLine) setError(OFFLINE_EXPORT_MESSAGE);
      else setError(errorMessage(caught, 'The export failed. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div ref={panel} className="menu-panel menu-right export-panel" role="group" aria-label="Export the policy">
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
        <legend>Include</legend>
        {PARTS.map((item) => (
          <div key={item.id} className="export-part">
            <label className="checkbox">
              <input
                type="checkbox"
                name="export-part"
                value={item.id}
                checked={parts.includes(item.id) && !(item.id === 'comments' && version === 'endorsed')}
                disabled={item.id === 'comments' && version === 'endorsed'}
                onChange={(event) => togglePart(item.id, event.target.checked)}
                {...(item.hint ? { 'aria-describedby': `export-part-${item.id}-hint` } : {})}
              />
              {item.label}
            </label>
            {item.hint && (
              <p id={`export-part-${item.id}-hint`} className="export-part-hint">
                {item.hint}
                {item.id === 'comments' && version === 'endorsed' ? ' The endorsed version never has comments.' : ''}
              </p>
            )}
          </div>
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
      {asked.length === 0 && (
        <p className="export-part-hint" id="export-no-parts">
          Choose at least one part to include.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="primary wide export-download"
        onClick={() => void download()}
        disabled={busy || asked.length === 0}
        aria-busy={busy}
        {...(asked.length === 0 ? { 'aria-describedby': 'export-no-parts' } : {})}
      >
        {busy ? 'Preparing the file…' : 'Download'}
      </button>
    </div>
  );
}
