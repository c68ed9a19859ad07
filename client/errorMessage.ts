import { ApiError } from './api';

/**
 * What to tell people when something they did failed. An `ApiError` carries a sentence written
 * for them: the server's own message, or the client's when the server cannot be reached or its
 * answer does not parse. Anything else is a fault in this page, whose text is not written for
 * people, so they read `fallback`, the action's own "Could not …" sentence.
 */
export function errorMessage(caught: unknown, fallback: string): string {
  return caught instanceof ApiError ? caught.message : fallback;
}
