// what every rung's runner shares: the one token check (signature, artifact, code, stage,
// expiry, single use) before anything runs. runners extend StageRunner and implement execute().
import type { RunResult, SandboxJob, SandboxRunner, StageProbe, TokenClaims, TokenVerifier } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { Stage } from '../core/vocabulary.ts';

/** where spent tokens are remembered (the registry, or memory for tests and benchmarks) */
export interface TokenLedger {
  redeemToken(nonce: string, expiresAt: string): Promise<boolean>;
}

export interface Refusal {
  stage: Stage;
  artifactId: string;
  reason: string;
  nonce?: string;
}

export class MemoryLedger implements TokenLedger {
  private readonly spent = new Map<string, number>();

  async redeemToken(nonce: string, expiresAt: string): Promise<boolean> {
    const now = Date.now();
    // expired nonces can go: their tokens fail the expiry check before the ledger is asked
    if (this.spent.size > 10_000) for (const [n, exp] of this.spent) if (exp < now) this.spent.delete(n);
    if (this.spent.has(nonce)) return false;
    this.spent.set(nonce, Date.parse(expiresAt));
    return true;
  }
}

/** the longest a queued job's token is checked back in time (its wait in the queue) */
export const MAX_QUEUED_MS = 3_600_000;

export class TokenGuard {
  /** killed artifacts (an operator's kill switch): every token of theirs is refused */
  private readonly blocked = new Map<string, string>();
  /** runs under way, by artifact, so a kill stops them all at once */
  private readonly inFlight = new Map<string, Set<AbortController>>();

  constructor(
    private readonly tokens: TokenVerifier,
    private readonly ledger: TokenLedger = new MemoryLedger(),
    private readonly onRefused?: (r: Refusal) => Promise<void> | void,
  ) {}

  /** the same key check over another ledger (a worker's, beside a lab in one test process) */
  withLedger(ledger: TokenLedger): TokenGuard {
    return new TokenGuard(this.tokens, ledger);
  }

  /** refuses the artifact's tokens from now on and aborts its runs under way; returns how many */
  block(artifactId: string, why: string): number {
    this.blocked.set(artifactId, why);
    const runs = this.inFlight.get(artifactId);
    for (const ac of runs ?? []) ac.abort(new OlaError('OLA_ERR_ABORTED', `the artifact was killed: ${why}`));
    return runs?.size ?? 0;
  }

  /** a signal that also aborts when the artifact is killed; release() when the run is over */
  track(artifactId: string, signal: AbortSignal): { signal: AbortSignal; release(): void } {
    const ac = new AbortController();
    let runs = this.inFlight.get(artifactId);
    if (!runs) this.inFlight.set(artifactId, (runs = new Set()));
    runs.add(ac);
    return {
      signal: AbortSignal.any([signal, ac.signal]),
      release: () => {
        runs.delete(ac);
        if (runs.size === 0 && this.inFlight.get(artifactId) === runs) this.inFlight.delete(artifactId);
      },
    };
  }

  /** verifies the job's token for this stage and spends it; throws OLA_ERR_TOKEN_INVALID */
  async admit(job: Pick<SandboxJob, 'token' | 'artifactId' | 'sha256' | 'admittedAt'>, stage: Stage): Promise<TokenClaims> {
    const killed = this.blocked.get(job.artifactId);
    if (killed !== undefined) {
      const reason = `capability token refused for ${stage}: artifact ${job.artifactId} was killed (${killed})`;
      await this.refused({ stage, artifactId: job.artifactId, reason });
      throw new OlaError('OLA_ERR_TOKEN_INVALID', reason, { field: 'token' });
    }
    let claims: TokenClaims;
    try {
      // a queued job: its expiry as of when the lab admitted it, an hour back at most
      const at = job.admittedAt === undefined ? undefined : Math.min(Date.now(), Math.max(job.admittedAt, Date.now() - MAX_QUEUED_MS));
      claims = await this.tokens.require(job.token, { stage, artifactId: job.artifactId, sha256: job.sha256, ...(at === undefined ? {} : { at }) });
    } catch (err) {
      await this.refused({ stage, artifactId: job.artifactId, reason: (err as Error).message });
      throw err;
    }
    if (!(await this.ledger.redeemToken(claims.nonce, claims.expiresAt))) {
      const reason = `capability token refused for ${stage}: token ${claims.nonce} was already spent (replay)`;
      await this.refused({ stage, artifactId: job.artifactId, reason, nonce: claims.nonce });
      throw new OlaError('OLA_ERR_TOKEN_INVALID', reason, { field: 'token', nonce: claims.nonce });
    }
    return claims;
  }

  private async refused(r: Refusal): Promise<void> {
    try {
      await this.onRefused?.(r);
    } catch {
      // recording a refusal must never turn it into an acceptance or a crash
    }
  }
}

export abstract class StageRunner implements SandboxRunner {
  abstract readonly stage: Stage;

  constructor(protected readonly guard: TokenGuard) {}

  async run(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]> {
    await this.guard.admit(job, this.stage);
    if (signal.aborted) throw new OlaError('OLA_ERR_ABORTED', 'aborted before the run');
    const t = this.guard.track(job.artifactId, signal);
    try {
      return await this.execute(job, t.signal);
    } finally {
      t.release();
    }
  }

  private probed?: Promise<StageProbe>;

  /** a good answer is kept; a bad one is asked again next time, so a host that gains what the rung needs is seen */
  probe(): Promise<StageProbe> {
    this.probed ??= this.check().then((p) => {
      if (!p.available) this.probed = undefined;
      return p;
    });
    return this.probed;
  }

  /** forget the last answer: the next probe checks again (a component went away) */
  protected forgetProbe(): void {
    this.probed = undefined;
  }

  /** what the rung needs from this host, checked for real (a test boot, an image build) */
  protected abstract check(): Promise<StageProbe>;
  /** runs a job whose token has been checked and spent */
  protected abstract execute(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]>;
  abstract close(): Promise<void>;
}

/**
 * a worker's ledger: the lab spent the nonce before it enqueued the job (job id = run id from
 * the nonce), so the queue holds a token once; a retry after a crashed worker is the same run
 */
export class SpentByLab implements TokenLedger {
  async redeemToken(): Promise<boolean> {
    return true;
  }
}
