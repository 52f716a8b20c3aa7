// bearer tokens on the routes that need them: operators decide at the rungs that need a person,
// submitters propose. a hook runs before the body is read; answers never echo a token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../core/config.ts';
import { OlaError } from '../../core/errors.ts';
import type { Role } from '../../core/vocabulary.ts';
import { TokenBook, type Caller } from './token-book.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** who called, when the route asked for a token */
    caller: Caller | null;
  }
}

const BEARER = /^Bearer +([^\s]+) *$/i;

export class ApiAuth {
  private readonly book: TokenBook;

  constructor(cfg: Config['auth']) {
    this.book = new TokenBook({ operator: cfg.operators, submitter: cfg.submitters });
  }

  get operators(): boolean {
    return this.book.has('operator');
  }

  get submitters(): boolean {
    return this.book.has('submitter');
  }

  /** whether text about to be recorded holds a configured token */
  mentionsToken(text: string): boolean {
    return this.book.mentionedIn(text);
  }

  /** onRequest for operators' routes; with no operator configured everything is refused, saying why */
  readonly operator = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!this.operators) {
      throw new OlaError('OLA_ERR_NO_OPERATOR', 'no operator is configured on this lab: approvals are refused until OLA_OPERATOR_TOKENS names one (name:token)');
    }
    req.caller = this.require(req, reply, ['operator']);
  };

  /** onRequest for proposals: a submitter's or an operator's token once submitters are configured, open before */
  readonly submitter = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!this.submitters) return;
    req.caller = this.require(req, reply, ['submitter', 'operator']);
  };

  private require(req: FastifyRequest, reply: FastifyReply, roles: Role[]): Caller {
    const header = req.headers.authorization;
    const unauthenticated = (message: string, error?: string): never => {
      void reply.header('www-authenticate', `Bearer realm="organic-os"${error ? `, error="${error}"` : ''}`);
      throw new OlaError('OLA_ERR_UNAUTHENTICATED', message, { field: 'headers.authorization' });
    };
    if (header === undefined || header === '') return unauthenticated('no bearer token: send Authorization: Bearer <token>');
    const m = BEARER.exec(header);
    if (!m) return unauthenticated('the Authorization header is not a bearer token (Authorization: Bearer <token>)', 'invalid_request');
    const caller = this.book.identify(m[1]!);
    if (!caller) return unauthenticated('the bearer token is not one this lab knows', 'invalid_token');
    if (!roles.includes(caller.role)) {
      const needs = roles.map((r) => `${r}'s`).join(' or ');
      throw new OlaError('OLA_ERR_FORBIDDEN', `this needs an ${needs} token; ${caller.name} holds a ${caller.role}'s`, { field: 'headers.authorization', role: caller.role });
    }
    return caller;
  }
}
