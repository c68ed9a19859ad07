import { useEffect, useRef, useState } from 'react';
import { useDepartments } from '../departments';
import {
  PLATFORM_NAMES,
  PLATFORMS,
  PURPOSE_NAMES,
  PURPOSES,
  TOOL_CATEGORIES,
  TOOL_CATEGORY_NAMES,
  validateInventoryEntry,
  type InventoryEntry,
  type InventoryFieldError,
} from '../../shared/inventory';

interface Draft {
  department: string;
  platform: string;
  account: string;
  purpose: string;
  audience: string;
  tools: { name: string; category: string }[];
  responsible: string;
  adminCount: string;
  official: boolean;
}

function toDraft(entry: InventoryEntry | null, department: string): Draft {
  return entry
    ? { ...entry, tools: entry.tools.map((tool) => ({ ...tool })), adminCount: String(entry.adminCount) }
    : { department, platform: 'linkedin', account: '', purpose: 'brand-awareness', audience: '', tools: [], responsible: '', adminCount: '1', official: false };
}

/** Adds or edits one inventory entry; every field is checked with the same rules the server uses. */
export function EntryForm({ entry, department, onSave, onCancel }: { entry: InventoryEntry | null; department: string; onSave: (entry: InventoryEntry) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(entry, department));
  // New entries go to departments that are not archived; an entry already in an archived one may stay there.
  const choices = useDepartments().filter((item) => !item.archived || item.id === entry?.department);
  const [errors, setErrors] = useState<InventoryFieldError[]>([]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const errorFor = (field: string) => errors.find((error) => error.field === field || error.field.startsWith(`${field}.`))?.message;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const result = validateInventoryEntry({
      ...draft,
      ...(entry ? { id: entry.id } : {}),
      adminCount: draft.adminCount.trim() === '' ? Number.NaN : Number(draft.adminCount),
      tools: draft.tools.filter((tool) => tool.name.trim() !== ''),
    }, choices);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors([]);
    onSave(result.entry);
  };

  const field = (name: string, label: string, control: React.ReactNode) => (
    <label className="field">
      <span>{label}</span>
      {control}
      {errorFor(name) && <small className="field-error" role="alert">{errorFor(name)}</small>}
    </label>
  );

  // Opened from a button above it: the form is brought into view and focus goes to its first field, not left behind on the button.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const element = form.current;
    if (!element) return;
    element.querySelector<HTMLElement>('select, input, textarea')?.focus({ preventScroll: true });
    element.scrollIntoView?.({ block: 'nearest' });
  }, []);

  return (
    <form ref={form} className="entry-form card" onSubmit={submit} aria-label={entry ? 'Edit inventory entry' : 'Add an inventory entry'} noValidate>
      <h2>{entry ? 'Edit entry' : 'Add an account or tool your department uses'}</h2>
      <div className="form-grid">
        {field('department', 'Department', (
          <select value={draft.department} onChange={(event) => set('department', event.target.value)}>
            {choices.map((item) => <option key={item.id} value={item.id}>{item.archived ? `${item.name} (archived)` : item.name}</option>)}
          </select>
        ))}
        {field('platform', 'Platform', (
          <select value={draft.platform} onChange={(event) => set('platform', event.target.value)}>
            {PLATFORMS.map((item) => <option key={item} value={item}>{PLATFORM_NAMES[item]}</option>)}
          </select>
        ))}
        {field('account', 'Account name or URL', <input value={draft.account} onChange={(event) => set('account', event.target.value)} placeholder="@yourbrand" aria-invalid={Boolean(errorFor('account'))} />)}
        {field('purpose', 'Purpose', (
          <select value={draft.purpose} onChange={(event) => set('purpose', event.target.value)}>
            {PURPOSES.map((item) => <option key={item} value={item}>{PURPOSE_NAMES[item]}</option>)}
          </select>
        ))}
        {field('audience', 'Audience', <input value={draft.audience} onChange={(event) => set('audience', event.target.value)} placeholder="Customers, job seekers, press…" />)}
        {field('responsible', 'Person responsible', <input value={draft.responsible} onChange={(event) => set('responsible', event.target.value)} aria-invalid={Boolean(errorFor('responsible'))} />)}
        {field('adminCount', 'People with admin access', <input type="number" min={0} value={draft.adminCount} onChange={(event) => set('adminCount', event.target.value)} aria-invalid={Boolean(errorFor('adminCount'))} />)}
        <label className="checkbox official-box">
          <input type="checkbox" checked={draft.official} onChange={(event) => set('official', event.target.checked)} />
          This is an official account of the organization
        </label>
      </div>
      <fieldset className="field tools-field">
        <legend>Tools used with it</legend>
        {draft.tools.map((tool, index) => (
          <div className="tool-row" key={index}>
            <input aria-label={`Tool ${index + 1} name`} value={tool.name} onChange={(event) => set('tools', draft.tools.map((item, position) => (position === index ? { ...item, name: event.target.value } : item)))} placeholder="Tool name" />
            <select aria-label={`Tool ${index + 1} category`} value={tool.category} onChange={(event) => set('tools', draft.tools.map((item, position) => (position === index ? { ...item, category: event.target.value } : item)))}>
              {TOOL_CATEGORIES.map((item) => <option key={item} value={item}>{TOOL_CATEGORY_NAMES[item]}</option>)}
            </select>
            <button type="button" className="small" onClick={() => set('tools', draft.tools.filter((_, position) => position !== index))} aria-label={`Remove tool ${index + 1}`}>Remove</button>
          </div>
        ))}
        {errorFor('tools') && <small className="field-error" role="alert">{errorFor('tools')}</small>}
        <button type="button" className="small" onClick={() => set('tools', [...draft.tools, { name: '', category: 'monitoring' }])}>Add a tool</button>
      </fieldset>
      {errors.length > 0 && <p className="error" role="alert">Please fix {errors.length === 1 ? 'the field' : `${errors.length} fields`} marked above.</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary">{entry ? 'Save changes' : 'Add to inventory'}</button>
      </div>
    </form>
  );
}
