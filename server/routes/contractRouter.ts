import { Router, type Request, type Response } from 'express';
import type * as z from 'zod/v4/core';
import { expressPath, type RouteContract } from '../../shared/api/route';
import { requireRole } from '../auth/access';
import { parseBody, parseInput } from '../httpError';

/** Set on every handler registered through {@link contractRouter}, so a test can find routes mounted without a contract. */
export const ROUTE_CONTRACT = Symbol('accord.routeContract');

type Parsed<S> = S extends z.$ZodType ? z.output<S> : undefined;

/** A route's checked input, typed from its contract. */
export interface RouteInput<R extends RouteContract> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  /** Checked with the contract's body schema, unless the handler checks it itself (`bodyCheckedByHandler`). */
  body: R['bodyCheckedByHandler'] extends true ? unknown : Parsed<R['body']>;
  request: Request;
  response: Response;
  /** Sends a JSON answer with one of the contract's success statuses and its body. */
  reply<S extends keyof R['responses'] & number>(status: S, body: z.input<R['responses'][S]>): void;
}

export type RouteHandler<R extends RouteContract> = (input: RouteInput<R>) => void | Promise<void>;

/**
 * A router for the routes under `base` (`/api/policies`) that mounts each route from its
 * contract entry: the path and method come from the entry, params, query and body are checked
 * with its schemas (400 `{ error: 'field: message', field }`), and `admin` routes refuse
 * everyone else. A route cannot be mounted here without its entry.
 */
export function contractRouter(base: string, options: { mergeParams?: boolean } = {}) {
  const router = Router({ mergeParams: options.mergeParams ?? false });
  const expressBase = expressPath(base);
  const adminOnly = requireRole('admin');

  function route<R extends RouteContract>(contract: R, handler: RouteHandler<R>): void {
    const full = expressPath(contract.path);
    if (full !== expressBase && !full.startsWith(`${expressBase}/`)) throw new Error(`${contract.path} is not under ${base}`);
    const relative = full.slice(expressBase.length) || '/';
    const handle = async (request: Request, response: Response) => {
      const input = {
        params: contract.params ? parseInput(contract.params, request.params, 'params') : undefined,
        query: contract.query ? parseInput(contract.query, request.query, 'query') : undefined,
        body: contract.body && !contract.bodyCheckedByHandler ? parseBody(contract.body, request.body) : request.body,
        request,
        response,
        reply: (status: number, body: unknown) => {
          response.status(status).json(body);
        },
      } as RouteInput<R>;
      await handler(input);
    };
    Object.assign(handle, { [ROUTE_CONTRACT]: contract });
    const handlers = contract.access === 'admin' ? [adminOnly, handle] : [handle];
    router[contract.method](relative, ...handlers);
  }

  return { router, route };
}

/** The contract a handler was registered with, if any. */
export function routeContractOf(handle: unknown): RouteContract | undefined {
  return typeof handle === 'function' ? (handle as { [ROUTE_CONTRACT]?: RouteContract })[ROUTE_CONTRACT] : undefined;
}
