// the answers a route declares besides its success: error bodies by status, and media types.
import { z } from 'zod';
import { ErrorBody } from './schemas.ts';

type Errors<S extends number> = { [K in S | 500]: typeof ErrorBody };

/** error answers with the json error body; every route may also answer 500 */
export function errors<S extends number>(...statuses: S[]): Errors<S> {
  return Object.fromEntries([...statuses, 500].map((s) => [s, ErrorBody])) as Errors<S>;
}

/** the errors of a route that reads a json body: bad body, too large, not json */
export const BODY_ERRORS = [400, 413, 415] as const;

/** a success answer that is not json (png, html, an event stream), declared with its media type */
export function media(type: string, description: string, schema: z.ZodType = z.string()) {
  return { description, content: { [type]: { schema } } };
}
