import { errorMessage } from '../errorMessage';

/** A server message as people read it: without the leading field name ("password: …"). */
export function messageOf(caught: unknown): string {
  const text = errorMessage(caught, 'Something went wrong. Try again.').replace(/^[A-Za-z]+: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
