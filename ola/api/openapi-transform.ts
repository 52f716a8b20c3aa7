// zod route schemas to openapi, including answers declared per media type
// ({ content: { 'image/png': { schema } } }), which the zod transform alone does not read.
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

interface MediaResponse {
  description?: string;
  content: Record<string, { schema: unknown }>;
}

function isMediaResponse(r: unknown): r is MediaResponse {
  return typeof r === 'object' && r !== null && 'content' in r && !('_zod' in r);
}

type Input = Parameters<typeof jsonSchemaTransform>[0];

export const openapiTransform: SwaggerTransform = (input) => {
  const zodInput = input as Input;
  const response = zodInput.schema?.response as Record<string, unknown> | undefined;
  if (!response) return jsonSchemaTransform(zodInput);
  const plain = Object.fromEntries(Object.entries(response).filter(([, r]) => !isMediaResponse(r)));
  const out = jsonSchemaTransform({ ...zodInput, schema: { ...zodInput.schema, response: plain } });
  const converted = (out.schema as { response?: Record<string, unknown> }).response ?? {};
  const merged: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(response)) {
    if (!isMediaResponse(r)) {
      merged[status] = converted[status];
      continue;
    }
    const content: Record<string, { schema: unknown }> = {};
    for (const [type, { schema }] of Object.entries(r.content)) {
      const one = jsonSchemaTransform({ ...zodInput, schema: { response: { 200: schema } } });
      content[type] = { schema: (one.schema as { response: Record<string, unknown> }).response[200] };
    }
    merged[status] = { description: r.description, content };
  }
  return { ...out, schema: { ...out.schema, response: merged } };
};

interface BodyDoc {
  required?: boolean;
  content?: Record<string, { schema?: { nullable?: boolean } }>;
}

/** openapi 3.0: a nullable enum takes null only when its enum lists null (3.0.3's clarification) */
function nullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullInNullableEnums);
  if (typeof node !== 'object' || node === null) return;
  const s = node as { nullable?: unknown; enum?: unknown[] };
  if (s.nullable === true && Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
  for (const v of Object.values(node)) nullInNullableEnums(v);
}

/** fastify-swagger marks every request body required; one whose schema takes null is optional */
export const openapiDocumentTransform: SwaggerTransformObject = (input) => {
  if (!('openapiObject' in input)) return input.swaggerObject;
  nullInNullableEnums(input.openapiObject.paths);
  nullInNullableEnums(input.openapiObject.components);
  for (const item of Object.values(input.openapiObject.paths ?? {})) {
    for (const op of Object.values(item ?? {})) {
      const body = (op as { requestBody?: BodyDoc } | null)?.requestBody;
      const media = Object.values(body?.content ?? {});
      if (body && media.length > 0 && media.every((m) => m.schema?.nullable === true)) body.required = false;
    }
  }
  return input.openapiObject;
};
