// the lifecycle is a list of steps over one context with one error path. each step
// gets a timeout and an abort signal; a timeout aborts the signal, and the runners
// kill what they started when their signal aborts.
import { OlaError } from '../core/errors.ts';

export interface Step<C> {
  name: string;
  timeoutMs: number;
  run(ctx: C, signal: AbortSignal): Promise<void>;
}

export type Composed<C> = (ctx: C, signal: AbortSignal) => Promise<void>;

export function compose<C>(steps: Step<C>[], onStep?: (name: string, ms: number) => void): Composed<C> {
  return async (ctx, outer) => {
    for (const step of steps) {
      if (outer.aborted) throw new OlaError('OLA_ERR_ABORTED', `aborted before ${step.name}`);
      const ac = new AbortController();
      const stop = () => ac.abort(outer.reason);
      outer.addEventListener('abort', stop, { once: true });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new OlaError('OLA_ERR_STEP_TIMEOUT', `${step.name} exceeded ${step.timeoutMs} ms`, { step: step.name });
          ac.abort(err);
          reject(err);
        }, step.timeoutMs);
      });
      const t0 = performance.now();
      try {
        await Promise.race([step.run(ctx, ac.signal), timeout]);
      } finally {
        clearTimeout(timer);
        outer.removeEventListener('abort', stop);
      }
      onStep?.(step.name, performance.now() - t0);
    }
  };
}
