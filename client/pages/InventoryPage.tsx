import { useEffect, useMemo, useState } from 'react';
import { FINDING_TITLES, PLATFORM_NAMES, PURPOSE_NAMES, toInventoryCsv, type InventoryEntry } from '../../shared/inventory';
import { useCollaboration } from '../collab/useCollaboration';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { useDepartmentLookup, useDepartments } from '../departments';
import { CsvImport } from '../inventory/CsvImport';
import { EntryForm } from '../inventory/EntryForm';
import { deleteEntry, saveEntry, useInventory } from '../inventory/useInventory';
import { onLinkClick } from '../router';
import { useCurrentUser } from '../session';

type SortKey = 'platform' | 'account' | 'purpose' | 'adminCount' | 'responsible';

/**
 * What every department already runs on social media, co-edited live, with the synergy
 * finder beside it: duplicated tools, platforms without a shared owner, lock-out risks.
 */
export function InventoryPage({ policyId }: { policyId: string }) {
  const user = useCurrentUser();
  const allDepartments = useDepartments();
  const departments = useDepartmentLookup();
  const collab = useCollaboration(policyId);
  const { entries, findings, notice: limitNotice } = useInventory(collab?.synced || collab?.ready ? collab.doc : null);
  const [editing, setEditing] = useState<InventoryEntry | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const [departmentFilter, setDepartmentFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'platform', descending: false });
  const readOnly = user.role === 'viewer' || user.role === 'commenter';

  useEffect(() => {
    document.title = 'Social media inventory · Accord';
  }, []);

  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const visible = useMemo(() => {
    const filtered = entries.filter((entry) => {
      if (departmentFilter && entry.department !== departmentFilter) return false;
      const haystack = [entry.account, PLATFORM_NAMES[entry.platform], PURPOSE_NAMES[entry.purpose], entry.audience, entry.responsible, ...entry.tools.map((tool) => tool.name)].join(' ').toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
    const value = (entry: InventoryEntry) => (sort.key === 'adminCount' ? entry.adminCount : sort.key === 'platform' ? PLATFORM_NAMES[entry.platform] : String(entry[sort.key]).toLowerCase());
    return filtered.sort((a, b) => {
      const left = value(a);
      const right = value(b);
      const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
      return sort.descending ? -order : order;
    });
  }, [entries, departmentFilter, words.join(' '), sort]);

  // The organization's departments in their order, then any department the list no longer has, by id.
  const unknownIds = [...new Set(visible.map((entry) => entry.department))].filter((id) => !departments.byId(id)).sort();
  const groups = [...allDepartments, ...unknownIds.map((id) => ({ id, name: id, color: departments.color(id), archived: true }))]
    .map((department) => ({ department, entries: visible.filter((entry) => entry.department === department.id) }))
    .filter((group) => group.entries.length > 0);
  const findingsByEntry = new Map<string, string[]>();
  for (const finding of findings) for (const id of finding.entries) findingsByEntry.set(id, [...(findingsByEntry.get(id) ?? []), FINDING_TITLES[finding.kind]]);

  const sortButton = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => setSort((current) => ({ key, descending: current.key === key ? !current.descending : false }))}>
        {label} <span aria-hidden="true">{sort.key === key ? (sort.descending ? '▼' : '▲') : '↕'}</span>
      </button>
    </th>
  );

  const exportCsv = () => {
    const blob = new Blob([toInventoryCsv(entries)], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'social-media-inventory.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  return (
    <div className="page wide-page inventory-page">
      <p>
        <a href={`/p/${policyId}`} onClick={onLinkClick}>← Back to the policy</a>
      </p>
      <div className="page-heading">
        <h1>Social media inventory</h1>
        <div className="policy-tools">
          {collab && <ConnectionStatus state={collab.connection} reason={collab.closeReason} />}
          {!readOnly && (
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              Add an entry for {departments.name(user.department)}
            </button>
          )}
        </div>
      </div>
      <p className="muted lead">Before writing rules, every department lists the accounts and tools it already uses, why and how. Accord points out where departments could work together.</p>
      {editing && collab && (
        <EntryForm
          entry={editing === 'new' ? null : editing}
          department={user.department}
          onCancel={() => setEditing(null)}
          onSave={(entry) => {
            saveEntry(collab.doc, entry);
            setEditing(null);
          }}
        />
      )}
      <div className="inventory-layout">
        <section aria-labelledby="entries-title">
          <h2 id="entries-title" className="visually-hidden">Entries</h2>
          <div className="filters" role="search">
            <label className="field">
              <span>Filter</span>
              <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="account, tool, person…" />
            </label>
            <label className="field">
              <span>Department</span>
              <select value={departmentFilter} onChange={(event) => setDepartmentFilter(event.target.value)}>
                <option value="">All departments</option>
                {allDepartments.map((item) => <option key={item.id} value={item.id}>{item.archived ? `${item.name} (archived)` : item.name}</option>)}
              </select>
            </label>
          </div>
          {groups.length === 0 && <p className="empty">{entries.length === 0 ? 'No entries yet. Start with the accounts your department runs.' : 'No entry matches the filter.'}</p>}
          {groups.map(({ department, entries: groupEntries }) => (
            <div key={department.id} className="inventory-group">
              <h3><span className="owner-dot" style={{ background: department.color }} aria-hidden="true" /> {department.name} <span className="muted">({groupEntries.length})</span></h3>
              <div className="table-scroll">
                <table className="inventory-table">
                  <thead>
                    <tr>
                      {sortButton('platform', 'Platform')}
                      {sortButton('account', 'Account')}
                      {sortButton('purpose', 'Purpose')}
                      <th scope="col">Tools</th>
                      {sortButton('responsible', 'Responsible')}
                      {sortButton('adminCount', 'Admins')}
                      <th scope="col">Official</th>
                      <th scope="col"><span className="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {groupEntries.map((entry) => (
                      <tr key={entry.id} data-entry={entry.id} className={findingsByEntry.has(entry.id) ? 'has-finding' : ''}>
                        <td>{PLATFORM_NAMES[entry.platform]}</td>
                        <td>{entry.account}{entry.audience && <div className="muted small-print">{entry.audience}</div>}</td>
                        <td>{PURPOSE_NAMES[entry.purpose]}</td>
                        <td>{entry.tools.map((tool) => tool.name).join(', ') || '—'}</td>
                        <td>{entry.responsible}</td>
                        <td>{entry.adminCount}</td>
                        <td>{entry.official ? 'Yes' : 'No'}</td>
                        <td className="row-actions">
                          {!readOnly && collab && (
                            <>
                              <button type="button" className="small" onClick={() => setEditing(entry)} aria-label={`Edit ${entry.account}`}>Edit</button>
                              <button type="button" className="small danger-text" onClick={() => window.confirm(`Remove ${entry.account} from the inventory?`) && deleteEntry(collab.doc, entry.id)} aria-label={`Remove ${entry.account}`}>Remove</button>
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ))}
          <div className="inventory-io">
            <button type="button" className="small" onClick={exportCsv} disabled={entries.length === 0}>Download CSV</button>
            {limitNotice && <p role="status" className="notice">{limitNotice}</p>}
          </div>
          {collab && <CsvImport doc={collab.doc} departments={allDepartments} readOnly={readOnly} />}
        </section>
        <aside className="findings" aria-labelledby="findings-title">
          <h2 id="findings-title">What the inventory shows</h2>
          {findings.length === 0 ? (
            <p className="muted">No overlaps or risks found yet.</p>
          ) : (
            <ul>
              {findings.map((finding, index) => (
                <li key={`${finding.kind}-${index}`} className={`finding finding-${finding.kind}`} data-finding={finding.kind}>
                  <strong>{FINDING_TITLES[finding.kind]}</strong>
                  <p>{finding.message}</p>
                  {finding.departments.length > 0 && (
                    <p className="finding-departments">
                      {finding.departments.map((id) => (
                        <span key={id} className="owner-dot" style={{ background: departments.color(id) }} title={departments.name(id)} aria-hidden="true" />
                      ))}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </div>
  );
}
