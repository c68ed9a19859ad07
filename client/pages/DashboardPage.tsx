import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { readingLevelLabel } from '../../shared/readability';
import { requiredDepartments } from '../../shared/signoffRules';
import { usePolicyStatus } from '../collab/usePolicyStatus';
import { StatusPill } from '../components/StatusPill';
import { useDepartmentLookup, useDepartments } from '../departments';
import { onLinkClick } from '../router';
import { useCurrentUser } from '../session';

/** Where the endorsement stands: sections × departments, progress per department, and what waits on me. */
export function DashboardPage({ policyId }: { policyId: string }) {
  const user = useCurrentUser();
  const allDepartments = useDepartments();
  const lookup = useDepartmentLookup();
  const { policy, error, reload } = usePolicyStatus(policyId);
  const [target, setTarget] = useState('');
  const [targetMessage, setTargetMessage] = useState<string | null>(null);

  useEffect(() => {
    document.title = `Sign-off dashboard · ${policy?.title ?? 'Policy'} · Accord`;
  }, [policy?.title]);

  if (error) return <div className="page"><p className="error" role="alert">{error.message}</p></div>;
  if (!policy) return <div className="page" aria-busy="true"><p className="muted">Loading…</p></div>;

  // Every department a section asks for, archived ones included, in the organization's order; any the list lacks come last by id.
  const requiredIds = new Set(policy.sections.flatMap((section) => requiredDepartments(section)));
  const unknown = [...requiredIds].filter((id) => !lookup.byId(id)).sort().map((id) => ({ id, name: id, color: lookup.color(id), archived: false }));
  const departments = [...allDepartments.filter((department) => requiredIds.has(department.id)), ...unknown];
  const waiting = policy.sections.filter((section) => {
    if (!requiredDepartments(section).includes(user.department)) return false;
    return !section.signoffs.some((signoff) => signoff.department === user.department && signoff.valid);
  });
  const signedCount = policy.sections.filter((section) => section.status === 'signed').length;

  return (
    <div className="page wide-page dashboard">
      <p>
        <a href={`/p/${policyId}`} onClick={onLinkClick}>← Back to the policy</a>
      </p>
      <div className="page-heading">
        <h1>Sign-off dashboard: {policy.title}</h1>
        <StatusPill status={policy.status} />
      </div>
      <p className="lead" data-testid="dashboard-progress">
        {signedCount} of {policy.sections.length} sections signed.
      </p>

      {user.role === 'admin' && (
        <form
          className="inline-form target-form"
          onSubmit={(event) => {
            event.preventDefault();
            api(`/api/policies/${policyId}`, { method: 'PATCH', json: { gradeTarget: Number(target) } }).then(
              () => {
                setTargetMessage('Target saved.');
                void reload();
              },
              (caught: ApiError) => setTargetMessage(caught.message),
            );
          }}
        >
          <label className="field">
            <span>Reading-level target (grade)</span>
            <input type="number" min={4} max={16} step={1} value={target || String(policy.gradeTarget)} onChange={(event) => setTarget(event.target.value)} />
          </label>
          <button type="submit">Save target</button>
          {targetMessage && <span role="status" className="muted">{targetMessage}</span>}
        </form>
      )}

      <section aria-labelledby="waiting-title" className="card">
        <h2 id="waiting-title">Waiting on {lookup.name(user.department)}</h2>
        {waiting.length === 0 ? (
          <p className="muted">Nothing is waiting on your department.</p>
        ) : (
          <ul className="todo">
            {waiting.map((section) => (
              <li key={section.id}>
                <a href={`/p/${policyId}#${section.id}`} onClick={onLinkClick}>{section.title || 'Untitled section'}</a>{' '}
                {section.signoffs.some((signoff) => signoff.department === user.department) ? <span className="muted">(changed since you signed)</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="departments-title" className="card">
        <h2 id="departments-title">Progress by department</h2>
        <ul className="department-progress">
          {departments.map((department) => {
            const required = policy.sections.filter((section) => requiredDepartments(section).includes(department.id));
            const done = required.filter((section) => section.signoffs.some((signoff) => signoff.department === department.id && signoff.valid)).length;
            return (
              <li key={department.id}>
                <span className="owner-dot" style={{ background: department.color }} aria-hidden="true" />
                <span className="department-name">{department.name}</span>
                <progress max={required.length} value={done} aria-label={`${department.name}: ${done} of ${required.length}`} />
                <span>{done} of {required.length}</span>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="matrix-title" className="card">
        <h2 id="matrix-title">Sections and departments</h2>
        <div className="table-scroll">
          <table className="matrix">
            <caption className="visually-hidden">Sign-off of every section by every required department</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">Reading level</th>
                {departments.map((department) => (
                  <th scope="col" key={department.id}>{department.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {policy.sections.map((section) => {
                const required = requiredDepartments(section);
                return (
                  <tr key={section.id}>
                    <th scope="row">
                      <a href={`/p/${policyId}#${section.id}`} onClick={onLinkClick}>{section.title || 'Untitled section'}</a>
                    </th>
                    <td className={section.readability && section.readability.grade > policy.gradeTarget ? 'over-target' : ''}>
                      {section.readability ? readingLevelLabel(section.readability.grade) : '—'}
                    </td>
                    {departments.map((department) => {
                      if (!required.includes(department.id)) return <td key={department.id} className="not-required"><span className="visually-hidden">not required</span></td>;
                      const signoff = section.signoffs.find((candidate) => candidate.department === department.id);
                      const state = !signoff ? 'pending' : signoff.valid ? 'signed' : 'stale';
                      return (
                        <td key={department.id} className={`cell-${state}`} data-state={state}>
                          <span aria-hidden="true">{state === 'signed' ? '✓' : state === 'stale' ? '!' : '○'}</span>{' '}
                          {state === 'signed' ? signoff!.userName : state === 'stale' ? 'changed' : 'waiting'}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
