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

/**
 * `errorMessage` for a message shown beside the field it is about: the server's "title: a title
 * is required" reads "A title is required." there, since the field is right next to it.
 */
export function fieldErrorMessage(caught: unknown, fallback: string): string {
  const message = errorMessage(caught, fallback);
  const field = caught instanceof ApiError ? caught.field : undefined;
  if (!field || !message.startsWith(`${field}: `)) return message;
  const reason = message.slice(field.length + 2);
  const sentence = reason.charAt(0).toUpperCase() + reason.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
