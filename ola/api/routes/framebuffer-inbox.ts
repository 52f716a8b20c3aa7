// what a viewer sends over the framebuffer socket, checked before the lab sees it: text only,
// small, json, the schema's shape, and no faster than a token bucket allows. a refused message
// is answered with {type: 'error', reason, error} (a flood once a second, not message by
// message); a socket that keeps sending refused messages is closed with 1008.
import type { RawData } from 'ws';
import type { z } from 'zod';
import { OlaError, type ErrorCode } from '../../core/errors.ts';
import { FramebufferClientMessage } from '../schemas-ui.ts';

export type Refusal = 'binary' | 'too-large' | 'not-json' | 'invalid' | 'flood';

/** a pointer message is about 50 bytes */
export const MAX_MESSAGE_BYTES = 256;
/** the dashboard sends at most 60 a second: a burst of BURST, then PER_SECOND */
export const BURST = 120;
export const PER_SECOND = 90;
/** refused messages within STRIKE_WINDOW_MS that close the socket */
export const MAX_STRIKES = 200;
const STRIKE_WINDOW_MS = 10_000;
/** refusals answered a second at most; of a flood, one */
const ANSWERS_PER_SECOND = 20;
export const ABUSE_CLOSE = 1008;

const CODES: Record<Refusal, ErrorCode> = { binary: 'OLA_ERR_BAD_REQUEST', 'too-large': 'OLA_ERR_BODY_TOO_LARGE', 'not-json': 'OLA_ERR_BAD_JSON', invalid: 'OLA_ERR_BAD_REQUEST', flood: 'OLA_ERR_BAD_REQUEST' };

export interface InboxHooks {
  say(m: Record<string, unknown>): void;
  close(code: number, reason: string): void;
  message(m: z.infer<typeof FramebufferClientMessage>): void;
}

const bytesOf = (data: RawData): Buffer => (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));

/** the socket's message handler */
export function inbox(h: InboxHooks, now: () => number = () => performance.now()): (data: RawData, isBinary: boolean) => void {
  let tokens = BURST;
  let refilled = now();
  let closed = false;
  const strikes: number[] = [];
  const answers: number[] = [];
  let floodAnswered = -Infinity;
  const refuse = (reason: Refusal, message: string, field?: string) => {
    const t = now();
    strikes.push(t);
    while (strikes[0]! < t - STRIKE_WINDOW_MS) strikes.shift();
    if (strikes.length > MAX_STRIKES) {
      closed = true;
      h.say({ type: 'error', reason: 'abuse', error: new OlaError('OLA_ERR_BAD_REQUEST', `more than ${MAX_STRIKES} refused messages in ${STRIKE_WINDOW_MS / 1000} s: the socket is closed`).toJSON() });
      return h.close(ABUSE_CLOSE, 'too many refused messages');
    }
    while (answers.length > 0 && answers[0]! < t - 1000) answers.shift();
    if (answers.length >= ANSWERS_PER_SECOND || (reason === 'flood' && t - floodAnswered < 1000)) return;
    answers.push(t);
    if (reason === 'flood') floodAnswered = t;
    h.say({ type: 'error', reason, error: new OlaError(CODES[reason], message, field ? { field } : {}).toJSON() });
  };
  return (data, isBinary) => {
    if (closed) return;
    const t = now();
    tokens = Math.min(BURST, tokens + ((t - refilled) / 1000) * PER_SECOND);
    refilled = t;
    if (tokens < 1) return refuse('flood', `more than ${PER_SECOND} messages a second: this one was dropped`);
    tokens--;
    if (isBinary) return refuse('binary', 'binary messages are not taken: send json text');
    const bytes = bytesOf(data);
    if (bytes.length > MAX_MESSAGE_BYTES) return refuse('too-large', `a message is at most ${MAX_MESSAGE_BYTES} bytes (this one ${bytes.length})`);
    let v: unknown;
    try {
      v = JSON.parse(bytes.toString('utf8'));
    } catch {
      return refuse('not-json', 'the message is not valid json');
    }
    const r = FramebufferClientMessage.safeParse(v);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const field = issue.path.length > 0 ? issue.path.join('.') : 'type';
      return refuse('invalid', `${field}: ${issue.message}`, field);
    }
    h.message(r.data);
  };
}
