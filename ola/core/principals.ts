// who may call the guarded routes: operators and submitters, each a name and a bearer token,
// configured from the environment as comma-separated name:token pairs. tokens are never echoed.
import { z } from 'zod';
import { OlaError } from './errors.ts';

export const PrincipalSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9][\w.@-]{0,63}$/, 'a name of letters, digits and . @ - _ (at most 64)'),
  // rfc 6750 b64token: what `openssl rand -base64 32` or `-hex 32` prints
  token: z
    .string()
    .min(16, 'a token of at least 16 characters')
    .max(512, 'a token of at most 512 characters')
    .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'a token of letters, digits and . _ ~ + / - (base64 or hex)'),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/**
 * `alice:s3cret…,bob:…` into principals; unset or blank is undefined (none configured). an
 * entry that is not name:token is named by its position only: its text may be a token.
 */
export function parsePrincipals(text: string | undefined, variable: string, field: string): Principal[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  return entries.map((entry, i) => {
    const cut = entry.indexOf(':');
    if (cut <= 0 || cut === entry.length - 1) {
      throw new OlaError('OLA_ERR_CONFIG', `${variable}: entry ${i + 1} is not name:token`, { field });
    }
    return { name: entry.slice(0, cut).trim(), token: entry.slice(cut + 1).trim() };
  });
}

/** a token listed twice (in one role or across both) would make "who" ambiguous */
export function duplicateToken(roles: Record<string, Principal[]>): string | undefined {
  const seen = new Map<string, string>();
  for (const [role, list] of Object.entries(roles)) {
    for (const p of list) {
      const before = seen.get(p.token);
      if (before) return `a token is listed twice (${before} and ${role} ${p.name})`;
      seen.set(p.token, `${role} ${p.name}`);
    }
  }
  return undefined;
}
