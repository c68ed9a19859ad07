import { ApiError } from '../api';

/** A server message as people read it: without the leading field name ("password: …"). */
export function messageOf(caught: unknown): string {
  if (!(caught instanceof ApiError)) return 'Something went wrong. Try again.';
  const text = caught.message.replace(/^[A-Za-z]+: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
