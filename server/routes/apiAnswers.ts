import type { RequestHandler } from 'express';

/** One /api answer as it left the server, for the contract test. */
export interface ApiAnswer {
  method: string;
  /** The path as requested, without the query (`/api/policies/abc/audit`). */
  path: string;
  status: number;
  contentType: string | undefined;
  /** The JSON body when the answer was sent with `response.json`, else undefined. */
  body: unknown;
  hasJsonBody: boolean;
}

/** Middleware that reports every answer once it ends (finished or cut short). Only tests mount it. */
export function recordAnswers(onAnswer: (answer: ApiAnswer) => void): RequestHandler {
  return (request, response, next) => {
    const path = request.originalUrl.split('?')[0]!;
    let body: unknown;
    let hasJsonBody = false;
    const json = response.json.bind(response);
    response.json = (value: unknown) => {
      body = value;
      hasJsonBody = true;
      return json(value);
    };
    response.once('close', () => {
      if (!response.headersSent) return;
      const contentType = response.getHeader('content-type');
      onAnswer({ method: request.method, path, status: response.statusCode, contentType: typeof contentType === 'string' ? contentType : undefined, body, hasJsonBody });
    });
    next();
  };
}
