import { options } from 'preact';

// The client is built against React's API and runs on Preact (vite.config.ts aliases react and
// react-dom to preact/compat): the same components for about a sixth of the JavaScript.
//
// Preact runs effects after the next frame; React runs them right after the commit. TipTap's
// useEditor relies on React's timing: an editor made during render is destroyed one timer tick
// later unless the component's effect has marked it mounted by then. Running effects in a
// microtask after the commit, before any timer, keeps React's order.
options.requestAnimationFrame = (callback: () => void) => queueMicrotask(callback);
