// checks real requests and answers against a served openapi 3.0 document (ajv + ajv-formats).
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface Schema {
  [key: string]: unknown;
}
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  /** security requirements (bearer): the operation takes an authorization header */
  security?: Record<string, string[]>[];
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
}
export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** headers every http client sends; the rest must be declared as header parameters */
const TRANSPORT_HEADERS = new Set(['accept', 'content-type', 'content-length', 'host', 'user-agent', 'connection', 'accept-encoding']);
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** openapi 3.0 schemas are json schema with a few differences: bring them to draft-07 */
export function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (typeof s !== 'object' || s === null) return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) if (k !== 'example') out[k] = toJsonSchema(v);
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (out[flag] === true) [out[flag], out[bound]] = [out[bound], undefined];
    if (out[flag] === false) delete out[flag];
    if (out[bound] === undefined) delete out[bound];
  }
  return out;
}

export class OpenApiChecker {
  readonly operations: Operation[];
  private readonly ajv = new Ajv({ strict: true, allErrors: true });
  private readonly compiled = new Map<unknown, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addFormat('binary', true);
    this.operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([m]) => METHODS.has(m))
        .map(([m, op]) => ({ ...op, parameters: op.parameters ?? [], method: m.toUpperCase(), path })),
    );
  }

  /** compiles a schema from the document (strict: an unknown keyword is an error) */
  validator(schema: Schema): ValidateFunction {
    let v = this.compiled.get(schema);
    if (!v) this.compiled.set(schema, (v = this.ajv.compile(toJsonSchema(schema) as Schema)));
    return v;
  }

  /** the operation a concrete request lands on; literal segments beat parameters */
  find(method: string, url: string): Operation | undefined {
    const path = url.split('?')[0]!;
    const matches = this.operations.filter((o) => o.method === method && templateRegex(o.path).test(path));
    return matches.sort((a, b) => paramCount(a.path) - paramCount(b.path))[0];
  }

  /** what is wrong with a request: query parameters or headers the document does not declare */
  checkRequest(op: Operation, url: string, headers: Record<string, string>): string[] {
    const declared = (where: Parameter['in']) => new Set(op.parameters.filter((p) => p.in === where).map((p) => p.name.toLowerCase()));
    const query = declared('query');
    const head = declared('header');
    // a security requirement declares the authorization header
    if (op.security?.length) head.add('authorization');
    const problems: string[] = [];
    for (const k of new URL(url, 'http://x').searchParams.keys()) if (!query.has(k.toLowerCase())) problems.push(`query parameter '${k}' is not declared`);
    for (const k of Object.keys(headers)) {
      const name = k.toLowerCase();
      if (!TRANSPORT_HEADERS.has(name) && !head.has(name)) problems.push(`header '${k}' is not declared`);
    }
    return problems;
  }

  /** what is wrong with a body the server accepted: the document must accept it too */
  checkAcceptedBody(op: Operation, contentType: string, body: string): string[] {
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    const media = op.requestBody?.content[type];
    if (!media) return [`the server accepted a ${type} body the document does not declare`];
    if (!media.schema) return [];
    const validate = this.validator(media.schema);
    if (validate(type === 'application/json' ? JSON.parse(body) : body)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `accepted request body${e.instancePath} ${e.message}, against the document`);
  }

  /** what is wrong with an answer: an undeclared status or media type, or a body off its schema */
  checkAnswer(op: Operation, a: Answer): string[] {
    const declared = op.responses[String(a.status)] ?? op.responses[`${String(a.status)[0]}XX`] ?? op.responses.default;
    if (!declared) return [`status ${a.status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`];
    const type = a.contentType.split(';')[0]!.trim().toLowerCase();
    const media = declared.content?.[type];
    if (!media) return [`status ${a.status} answered ${type || 'no content type'}, declared ${Object.keys(declared.content ?? {}).join(', ') || 'no content'}`];
    if (!media.schema) return [];
    let value: unknown = a.body;
    if (type === 'application/json') {
      try {
        value = JSON.parse(a.body);
      } catch {
        return [`status ${a.status} body is not json`];
      }
    }
    const validate = this.validator(media.schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `status ${a.status} body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

function paramCount(template: string): number {
  return (template.match(/\{/g) ?? []).length;
}
