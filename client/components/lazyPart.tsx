import { createElement, useEffect, useState, type ComponentType, type ReactNode } from 'react';

interface LazyPartOptions<P> {
  /** Shown while the code loads. */
  loading: ReactNode;
  /** Shown when the code could not be fetched (the connection dropped, or Accord was updated); `retry` fetches it again. */
  failed: (retry: () => void, props: P) => ReactNode;
}

/** A lazily loaded component; `preload()` fetches its code ahead of time (a failure is tried again when it is shown). */
export type LazyComponent<P> = ComponentType<P> & { preload: () => void };

/** One of our own stylesheets that did not load: it has no sheet, or one whose rules cannot be read. */
function failedToLoad(link: HTMLLinkElement): boolean {
  if (new URL(link.href, window.location.href).origin !== window.location.origin) return false;
  try {
    return !link.sheet || link.sheet.cssRules.length === 0;
  } catch {
    return true; // Chromium keeps a failed sheet with rules nobody may read
  }
}

/**
 * A part of a page whose code loads the first time it is shown. Unlike `lazy()` with Suspense, a
 * failed fetch (someone working on while the connection is down, or a tab left open across an
 * update of Accord) shows a message in place of the part, keeps the rest of the page as it was,
 * and is fetched again on the next try instead of failing from a cached error for the life of
 * the page.
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, options: LazyPartOptions<P>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  let failedBefore = false;
  const fetchOnce = () => {
    // Vite never adds a stylesheet twice, even one that failed to load: put a new <link> in its place.
    if (failedBefore && !pending) for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) if (failedToLoad(link)) link.replaceWith(link.cloneNode());
    pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = null;
        failedBefore = true;
        throw error;
      },
    );
    return pending;
  };
  function LazyPart(props: P) {
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
    return <>{state === 'failed' ? options.failed(() => setState('loading'), props) : options.loading}</>;
  }
  return Object.assign(LazyPart, {
    preload: () => {
      if (!loaded) void fetchOnce().catch(() => undefined);
    },
  });
}
