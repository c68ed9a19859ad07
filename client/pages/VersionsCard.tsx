import { useEffect, useState } from 'react';
import type { EndorsedVersion } from '../../shared/api';
import { request, requestFile, routes, saveFile } from '../api';
import { errorMessage } from '../errorMessage';
import { formatWhen } from '../formatWhen';
import { VersionChangesDialog } from './VersionChangesDialog';

/**
 * Every version the policy was endorsed in, newest first, each with its own PDF and Word export:
 * what staff were bound by on a given day stays at hand after the policy moved on.
 */
export function VersionsCard({ policyId, refresh }: { policyId: string; /** Changes when a new version may exist. */ refresh: string }) {
  const [versions, setVersions] = useState<EndorsedVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [comparing, setComparing] = useState<number | null>(null);
  useEffect(() => {
    request(routes.listVersions, { params: { id: policyId } }).then(setVersions, (caught: unknown) => setError(errorMessage(caught, 'Could not load the endorsed versions')));
  }, [policyId, refresh]);

  const download = async (version: number, format: 'pdf' | 'docx') => {
    setError(null);
    try {
      const file = await requestFile(routes.exportPolicy, { params: { id: policyId }, query: { format, version: 'endorsed', endorsedVersion: version } });
      saveFile(file, `policy-version-${version}.${format}`);
    } catch (caught) {
      setError(errorMessage(caught, 'The export failed. Try again.'));
    }
  };

  return (
    <section aria-labelledby="versions-title" className="card">
      <h2 id="versions-title">Endorsed versions</h2>
      {error && <p className="error" role="alert">{error}</p>}
      {versions === null ? (
        !error && <p className="muted">Loading…</p>
      ) : versions.length === 0 ? (
        <p className="muted">Not endorsed yet. Each time every department has signed every section, the version is kept here.</p>
      ) : (
        <ul className="versions" data-testid="versions">
          {versions.map((version, index) => (
            <li key={version.version} data-version={version.version}>
              <strong>Version {version.version}</strong>
              {index === 0 && <span className="muted"> (latest)</span>}: “{version.title}”, endorsed <time dateTime={version.endorsedAt}>{formatWhen(version.endorsedAt)}</time>, {version.sectionCount}{' '}
              {version.sectionCount === 1 ? 'section' : 'sections'}, {version.signerCount} {version.signerCount === 1 ? 'sign-off' : 'sign-offs'}.{' '}
              <span className="version-files">
                <button type="button" className="small" onClick={() => void download(version.version, 'pdf')} aria-label={`Version ${version.version} as PDF`}>PDF</button>{' '}
                <button type="button" className="small" onClick={() => void download(version.version, 'docx')} aria-label={`Version ${version.version} as Word`}>Word</button>{' '}
                <button type="button" className="small" aria-haspopup="dialog" onClick={() => setComparing(version.version)} aria-label={`What changed since version ${version.version}`}>
                  What changed since
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {comparing !== null && <VersionChangesDialog policyId={policyId} version={comparing} onClose={() => setComparing(null)} />}
    </section>
  );
}
