import { createElement, useEffect, useState, type ComponentType, type ReactNode } from 'react';

interface LazyPartOptions {
  /** Shown while the code loads. */
  loading: ReactNode;
  /** Shown when the code could not be fetched (the connection dropped); `retry` fetches it again. */
  failed: (retry: () => void) => ReactNode;
}

/**
 * A part of a page whose code loads the first time it is shown. Unlike `lazy()` with Suspense, a
 * failed fetch (someone working on while the connection is down) shows a message in place of
 * the part, keeps the rest of the page as it was, and is fetched again on the next try instead
 * of failing from a cached error for the life of the page.
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, options: LazyPartOptions): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchOnce = () => {
    pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };
  return function LazyPart(props: P) {
    const [state, setState] = useState<'loading' | 'ready' | 'failed'>(loaded ? 'ready' : 'loading');
    useEffect(() => {
      if (state !== 'loading') return;
      let live = true;
      fetchOnce().then(
        () => live && setState('ready'),
        () => live && setState('failed'),
      );
      return () => {
        live = false;
      };
    }, [state]);
    if (loaded) return createElement(loaded, props);
    return <>{state === 'failed' ? options.failed(() => setState('loading')) : options.loading}</>;
  };
}
