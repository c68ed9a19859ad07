import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { pathMatcher, type RouteContract } from '../../shared/api/route';
import { api } from '../../shared/api/routes';
import { openApiDocument } from '../../server/openapi';
import type { ApiAnswer } from '../../server/routes/apiAnswers';

const DOCUMENT_ID = 'https://accord.invalid/openapi.json';
const routes = (Object.entries(api) as [string, RouteContract][]).map(([name, route]) => ({ name, route, matcher: pathMatcher(route.path) }));

type Document = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

/**
 * Checks recorded API answers against the OpenAPI document with ajv (draft 2020-12 and formats):
 * each answer must be for a documented route and status, and a JSON answer's body must validate.
 * Event streams and file downloads are checked for status and content type only.
 */
export class ApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly document: Document;

  constructor(document: object = openApiDocument()) {
    addFormats.default(this.ajv);
    this.document = document as Document;
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  }

  /** A sentence for each answer that breaks the contract (none when all keep it). */
  check(answers: readonly ApiAnswer[]): string[] {
    const problems: string[] = [];
    for (const answer of answers) {
      const problem = this.problem(answer);
      if (problem) problems.push(problem);
    }
    return problems;
  }

  private problem(answer: ApiAnswer): string | null {
    const method = answer.method === 'HEAD' ? 'get' : answer.method.toLowerCase();
    const what = `${answer.method} ${answer.path} → ${answer.status}`;
    const match = routes.find(({ route, matcher }) => route.method === method && matcher.test(answer.path));
    if (!match) {
      // An unknown /api route: the document says it answers 404 with the error body (or is refused before routing).
      if (answer.status === 404 || answer.status === 413 || answer.status === 400 || answer.status === 401 || answer.status === 403 || answer.status === 507) return this.errorBodyProblem(answer, what);
      return `${what}: no route in the document matches`;
    }
    const operation = this.document.paths[match.route.path]?.[method];
    const response = operation?.responses[String(answer.status)];
    if (!response) return `${what} (${match.name}): status ${answer.status} is not in the document for this route; body ${JSON.stringify(answer.body)?.slice(0, 300)}`;
    const content = response.content ?? {};
    const isSuccess = Boolean(match.route.responses[answer.status]);
    const kind = match.route.kind ?? 'json';
    if (isSuccess && kind !== 'json') {
      const type = answer.contentType?.split(';')[0]?.trim();
      if (!type || !(type in content)) return `${what} (${match.name}): content type ${answer.contentType} is not one the document lists (${Object.keys(content).join(', ')})`;
      return null;
    }
    if (!answer.hasJsonBody) return `${what} (${match.name}): expected a JSON body, got ${answer.contentType}`;
    const pointer = `#/paths/${escapePointer(match.route.path)}/${method}/responses/${answer.status}/content/application~1json/schema`;
    const validate = this.validator(pointer);
    if (!validate(answer.body)) return `${what} (${match.name}): ${this.ajv.errorsText(validate.errors)}; body ${JSON.stringify(answer.body)?.slice(0, 500)}`;
    return null;
  }

  private errorBodyProblem(answer: ApiAnswer, what: string): string | null {
    const validate = this.validator('#/components/schemas/ErrorBody');
    if (!answer.hasJsonBody) return `${what}: expected the error body, got ${answer.contentType}`;
    return validate(answer.body) ? null : `${what}: ${this.ajv.errorsText(validate.errors)}; body ${JSON.stringify(answer.body)?.slice(0, 300)}`;
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
