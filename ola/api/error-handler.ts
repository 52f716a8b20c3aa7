// every error leaves as { error: { code, message, detail } } with the code's status.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { asOlaError, OlaError } from '../core/errors.ts';

export function toOlaError(err: FastifyError | Error): OlaError {
  if (err instanceof OlaError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issue = err.validation[0];
    const where = (err as FastifyError).validationContext ?? 'body';
    const path = issue?.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    const field = path ? `${where}.${path}` : where;
    const message = issue?.message ?? 'invalid request';
    return new OlaError('OLA_ERR_BAD_REQUEST', `${field}: ${message}`, { field, issues: err.validation.map((v) => ({ path: v.instancePath, message: v.message })) });
  }
  if (isResponseSerializationError(err)) return new OlaError('OLA_ERR_INTERNAL', 'response did not match its schema');
  const code = (err as FastifyError).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new OlaError('OLA_ERR_BODY_TOO_LARGE', err.message, { field: 'body' });
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new OlaError('OLA_ERR_UNSUPPORTED_MEDIA', `${err.message}; send application/json`, { field: 'content-type' });
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
    return new OlaError('OLA_ERR_BAD_JSON', `body is not valid json: ${err.message}`, { field: 'body' });
  }
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new OlaError('OLA_ERR_BAD_REQUEST', err.message);
  return asOlaError(err);
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const e = toOlaError(err);
  if (e.status >= 500) req.log.error({ err }, 'request failed');
  void reply.code(e.status).send({ error: e.toJSON() });
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  const path = req.url.split('?')[0]!;
  const e = new OlaError('OLA_ERR_NOT_FOUND', `no route ${req.method} ${path}`, { method: req.method, path });
  void reply.code(404).send({ error: e.toJSON() });
}

/** one error path for the whole server; bodies are json only, so any other type is a 415 */
export function installErrorHandling(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
}
