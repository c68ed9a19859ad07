import type { ErrorRequestHandler, RequestHandler } from 'express';
import { config, locales, safeParse } from 'zod/mini';
import type * as z from 'zod/v4/core';
import type { ErrorBody } from '../shared/api/errorBody';
import type { Logger } from './logger';

// The contract's schemas are zod/mini, which carries no messages of its own: the server answers
// zod's English sentences for checks that name none.
config(locales.en());

/** Keys an error body may carry beside `error` (see `errorBodySchema` in shared/api). */
export type ErrorDetails = Omit<ErrorBody, 'error'>;

/**
 * An error with an HTTP status and a message that is safe to show to the caller. Domain errors
 * (sign-offs, accounts, departments, quotas, storage) extend it, so a route lets them throw and
 * `errorHandler` answers them.
 */
export class HttpError extends Error {
  /** When set, `errorHandler` logs this event (warn) as it answers: refusals an operator wants to see. */
  logEvent?: string;

  constructor(
    readonly status: number,
    message: string,
    readonly details?: ErrorDetails,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Parses a request body with a schema; a bad body is a 400 that names the first wrong field. */
export function parseBody<T>(schema: z.$ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new HttpError(400, 'Expected a JSON object in the request body');
  }
  return parseInput(schema, body, 'body');
}

/** Parses request input (body, query) with a schema; a 400 names the first wrong field (`whole` when the input as a whole is wrong). */
export function parseInput<T>(schema: z.$ZodType<T>, input: unknown, whole: string): T {
  const result = safeParse(schema, input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || whole;
    throw new HttpError(400, `${field}: ${issue.message}`, { field });
  }
  return result.data;
}

export const notFoundRoute: RequestHandler = (request) => {
  throw new HttpError(404, `No such API route: ${request.method} ${request.path}`);
};

/** SQLite's error code of an error, if it is one (better-sqlite3 sets `code` to SQLITE_…). */
function storageErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Every error becomes a JSON answer; unexpected ones are logged with their stack and
 * answered 500 without it, so nothing internal leaks to the client. A storage failure
 * (disk full, read-only or locked database) is a 503 that says so: the request did not
 * take effect, and trying again later may work.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    if (response.headersSent) {
      // Too late for an error answer (a stream was under way): log it and cut the response short.
      logger.error('http.error_after_headers', { method: request.method, path: request.path, error });
      response.destroy();
      return;
    }
    if (error instanceof HttpError) {
      if (error.logEvent) logger.warn(error.logEvent, { method: request.method, path: request.path, status: error.status, by: request.user?.id ?? null });
      if (error.status === 429 && error.details?.retryAfter) response.setHeader('Retry-After', String(error.details.retryAfter));
      response.status(error.status).json({ error: error.message, ...error.details });
      return;
    }
    const storageCode = storageErrorCode(error);
    if (storageCode) {
      logger.error('storage.request_failed', { method: request.method, path: request.path, code: storageCode, error });
      response.setHeader('Retry-After', '5');
      response.status(503).json({ error: 'The server cannot save or read data right now, so nothing was changed. Try again in a moment.', storage: storageCode });
      return;
    }
    const status = (error as { status?: number; statusCode?: number } | null)?.status ?? (error as { statusCode?: number } | null)?.statusCode;
    const type = (error as { type?: string } | null)?.type;
    if (type === 'entity.too.large') {
      response.status(413).json({ error: 'The request body is too large' });
      return;
    }
    if (type === 'entity.parse.failed') {
      response.status(400).json({ error: 'The request body is not valid JSON' });
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      response.status(status).json({ error: (error as Error).message || 'Bad request' });
      return;
    }
    logger.error('http.unhandled', { method: request.method, path: request.path, error });
    response.status(500).json({ error: 'Something went wrong on the server. Nothing was changed.' });
  };
}
