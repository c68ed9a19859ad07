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
 * The address of the chunk a failed dynamic import names ("Failed to fetch dynamically imported
 * module: https://…/assets/ShareDialog-abc.js" in Chromium, "error loading dynamically imported
 * module: …" in Firefox), or null when the message names none (Safari).
 */
export function failedModuleUrl(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  const match = /(https?:\/\/[^\s'"]+?\.m?js)(?:\?[^\s'"]*)?(?=$|[\s'"])/.exec(message);
  return match ? match[1]! : null;
}

/**
 * A part of a page whose code loads the first time it is shown. Unlike `lazy()` with Suspense, a
 * failed fetch (someone working on while the connection is down, or a tab left open across an
 * update of Accord) shows a message in place of the part, keeps the rest of the page as it was,
 * and is fetched again on the next try instead of failing from a cached error for the life of
 * the page. Some browsers keep a failed module for the life of the page and never ask the server
 * for it again; the next try then asks for the chunk the error names under a new address
 * (`?retry=N`), and `pick` takes the component from that module as from the first.
 */
export function lazyPart<M, P extends object>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>, options: LazyPartOptions<P>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  let failedBefore = false;
  /** The chunk a failure named, and how many times it was asked for under a new address. */
  let failedUrl: string | null = null;
  let retries = 0;
  const viaNewAddress = (url: string) => import(/* @vite-ignore */ `${url}?retry=${++retries}`) as Promise<M>;
  const fetchModule = (): Promise<M> => {
    if (failedUrl) return viaNewAddress(failedUrl);
    if (!failedBefore) return load();
    // A try after a failure: the browser may answer from the failure it kept (after a stylesheet
    // failed first, say); then the chunk its error names is asked for anew.
    return load().catch((error: unknown) => {
      const url = failedModuleUrl(error);
      if (!url) throw error;
      failedUrl = url;
      return viaNewAddress(url);
    });
  };
  const fetchOnce = () => {
    // Vite never adds a stylesheet twice, even one that failed to load: put a new <link> in its place.
    if (failedBefore && !pending) for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) if (failedToLoad(link)) link.replaceWith(link.cloneNode());
    pending ??= fetchModule().then(
      (module) => (loaded = pick(module)),
      (error: unknown) => {
        pending = null;
        failedBefore = true;
        failedUrl = failedModuleUrl(error) ?? failedUrl;
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
