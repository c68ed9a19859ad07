import type { ComponentType } from 'react';
import { Dialog } from './Dialog';
import { lazyPart } from './lazyPart';

/**
 * A dialog whose code loads the first time it opens. If that code cannot be fetched, a small
 * dialog says so in its place, with "Try again" and "Close"; the page behind it is untouched.
 */
export function lazyDialog<M, P extends { onClose: () => void }>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>, what: string): ComponentType<P> {
  return lazyPart(load, pick, {
    loading: null,
    failed: (retry, props) => (
      <Dialog title={`${what} could not open`} onClose={props.onClose}>
        <p role="alert">
          This browser could not fetch it from the server. Check the connection and try again. If Accord was updated while this page was open, reload the page; nothing you wrote is lost.
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>Close</button>
          <button type="button" className="primary" onClick={retry}>Try again</button>
        </div>
      </Dialog>
    ),
  });
}
