// lab-wide actions (halt every promotion, resume them, rotate the lab key) need a quorum of
// distinct operators when more than one operator is configured: each operator's request is
// recorded, and the action is taken when enough distinct operators asked within the window. one
// operator: at once.
import type { RegistryStore } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { EventType, LabAction } from '../core/vocabulary.ts';
import type { KeyRotation } from '../registry/rotate-key.ts';
import type { CircuitBreaker } from './breaker.ts';

/** the event that takes each action: requests before it no longer count */
const TAKEN: Record<LabAction, EventType> = { halt: 'promotions_halted', resume: 'promotions_resumed', 'rotate-key': 'lab_key_rotated' };

/** requests older than this no longer count toward a quorum */
export const REQUEST_TTL_MS = 15 * 60_000;

export interface ActionRequest {
  operator: string;
  reason: string;
  at: string;
  seq: number;
}

export interface ActionState {
  action: LabAction;
  state: 'done' | 'pending';
  /** operators who asked, in order */
  requests: ActionRequest[];
  needs: number;
  /** when done: the event that took it */
  seq?: number;
  /** rotate-key done: the new key's fingerprint */
  fingerprint?: string;
}

export class LabActions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly d: {
      store: RegistryStore;
      breaker: CircuitBreaker;
      operators: number;
      quorum?: number;
      /** makes the next lab key and records the rotation */
      rotateKey?: (r: KeyRotation) => Promise<{ seq: number; fingerprint: string }>;
    },
  ) {}

  /** distinct operators an action needs */
  get needs(): number {
    return this.d.operators > 1 ? Math.min(this.d.quorum ?? 2, this.d.operators) : 1;
  }

  /** the requests that count toward `action` now: since it was last taken, within the window */
  async pending(action: LabAction): Promise<ActionRequest[]> {
    const taken = TAKEN[action];
    const events = await this.d.store.eventsOf({ types: ['lab_action_requested', taken], subject: 'lab' }, 1_000_000);
    const after = events.filter((e) => e.type === taken).at(-1)?.seq ?? 0;
    const cutoff = Date.now() - REQUEST_TTL_MS;
    return events
      .filter((e) => e.type === 'lab_action_requested' && e.payload.action === action && e.seq > after && Date.parse(e.ts) >= cutoff)
      .map((e) => ({ operator: String(e.payload.operator), reason: String(e.payload.reason), at: e.ts, seq: e.seq }));
  }

  /** an operator asks for `action`; taken when the quorum is reached */
  request(action: LabAction, operator: string, reason: string): Promise<ActionState> {
    const run = this.tail.then(() => this.record(action, operator, reason));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async record(action: LabAction, operator: string, reason: string): Promise<ActionState> {
    const halted = this.d.breaker.halted;
    if (action === 'halt' && halted) throw new OlaError('OLA_ERR_LAB_ACTION_REFUSED', `promotions are halted already (since ${halted.since}: ${halted.why})`, { action });
    if (action === 'resume' && !halted) throw new OlaError('OLA_ERR_LAB_ACTION_REFUSED', 'promotions are not halted: there is nothing to resume', { action });
    if (action === 'rotate-key' && !this.d.rotateKey) throw new OlaError('OLA_ERR_LAB_ACTION_REFUSED', 'this lab process cannot rotate its key', { action });
    const before = await this.pending(action);
    if (before.some((r) => r.operator === operator)) {
      throw new OlaError('OLA_ERR_LAB_ACTION_REFUSED', `${operator} asked to ${action} already; it needs ${this.needs} distinct operators (${before.length} so far)`, { action, needs: this.needs });
    }
    const e = await this.d.store.append({ type: 'lab_action_requested', subject: 'lab', payload: { action, operator, reason, needs: this.needs } });
    const requests = [...before, { operator, reason, at: e.ts, seq: e.seq }];
    if (requests.length < this.needs) return { action, state: 'pending', requests, needs: this.needs };
    const by = requests.map((r) => r.operator);
    const why = requests.map((r) => `${r.operator}: ${r.reason}`).join('; ');
    if (action === 'rotate-key' && this.d.rotateKey) {
      const r = await this.d.rotateKey({ by, why: `rotated by operators (${why})`, requests: requests.map((q) => q.seq) });
      return { action, state: 'done', requests, needs: this.needs, seq: r.seq, fingerprint: r.fingerprint };
    }
    const done = action === 'halt' ? await this.d.breaker.trip(`halted by operators (${why})`, by, false, { requests: requests.map((r) => r.seq) }) : await this.d.breaker.reset(`resumed by operators (${why})`, by, { requests: requests.map((r) => r.seq) });
    return { action, state: 'done', requests, needs: this.needs, seq: done.seq };
  }
}
