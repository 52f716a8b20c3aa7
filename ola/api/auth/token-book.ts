// the configured bearer tokens, kept only as sha256 digests. a presented token is hashed and
// compared with every digest in constant time, so neither its length nor how much of it is
// right changes how long the answer takes.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../core/principals.ts';
import type { Role } from '../../core/vocabulary.ts';

export interface Caller {
  name: string;
  role: Role;
}

interface Entry extends Caller {
  digest: Buffer;
}

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class TokenBook {
  private readonly entries: Entry[];
  /** hex digests by token length, to find a token inside longer text */
  private readonly byLength = new Map<number, Set<string>>();

  constructor(roles: Record<Role, readonly Principal[]>) {
    this.entries = (Object.entries(roles) as [Role, readonly Principal[]][]).flatMap(([role, list]) =>
      list.map((p) => ({ name: p.name, role, digest: digest(p.token) })),
    );
    for (const list of Object.values(roles)) {
      for (const p of list) this.byLength.set(p.token.length, (this.byLength.get(p.token.length) ?? new Set()).add(digest(p.token).toString('hex')));
    }
  }

  has(role: Role): boolean {
    return this.entries.some((e) => e.role === role);
  }

  /** whether text (a reason about to be recorded for good) holds a configured token anywhere */
  mentionedIn(text: string): boolean {
    // every window as long as some token, hashed: the digests are all the book keeps
    for (const [length, digests] of this.byLength) {
      for (let i = 0; i + length <= text.length; i++) if (digests.has(digest(text.slice(i, i + length)).toString('hex'))) return true;
    }
    return false;
  }

  /** who holds this token, or undefined; every entry is compared, match or not */
  identify(token: string): Caller | undefined {
    const presented = digest(token);
    let found: Entry | undefined;
    for (const e of this.entries) {
      const same = timingSafeEqual(presented, e.digest);
      if (same && !found) found = e;
    }
    return found && { name: found.name, role: found.role };
  }
}
