import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openapiDocumentTransform, openapiTransform } from './openapi-transform.ts';
import { errors, media } from './responses.ts';

async function documentOf(register: (app: ReturnType<typeof Fastify>) => void) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, { openapi: { info: { title: 't', version: '0' } }, transform: openapiTransform, transformObject: openapiDocumentTransform });
  register(app);
  await app.ready();
  const doc: { paths: Record<string, Record<string, { requestBody?: { required: boolean }; responses: Record<string, { content: Record<string, unknown> }> }>> } = JSON.parse(JSON.stringify(app.swagger()));
  await app.close();
  return doc;
}

describe('openapi transforms', () => {
  it('declares each answer with its own media type: png for the success, json for errors', async () => {
    const doc = await documentOf((app) => app.get('/img', { schema: { response: { 200: media('image/png', 'a picture'), ...errors(404) } } }, async () => Buffer.alloc(0)));
    const r = doc.paths['/img']!.get!.responses;
    expect(Object.keys(r['200']!.content)).toEqual(['image/png']);
    expect(Object.keys(r['404']!.content)).toEqual(['application/json']);
    expect(Object.keys(r['500']!.content)).toEqual(['application/json']);
  });

  it('marks a body optional only when its schema takes null', async () => {
    const doc = await documentOf((app) => {
      app.post('/optional', { schema: { body: z.object({ a: z.boolean() }).nullish() } }, async () => ({}));
      app.post('/required', { schema: { body: z.object({ a: z.boolean() }) } }, async () => ({}));
    });
    expect(doc.paths['/optional']!.post!.requestBody!.required).toBe(false);
    expect(doc.paths['/required']!.post!.requestBody!.required).toBe(true);
  });

  it('lists null in a nullable enum, so a null answer matches its document', async () => {
    const Answer = z.object({ next: z.enum(['a', 'b']).nullable() });
    const doc = await documentOf((app) => app.get('/n', { schema: { response: { 200: Answer } } }, async () => ({ next: null })));
    const schema = (doc.paths['/n']!.get!.responses['200']!.content['application/json'] as { schema: { properties: { next: { enum: unknown[] } } } }).schema;
    expect(schema.properties.next.enum).toEqual(['a', 'b', null]);
  });
});
