// one module of named error codes; docs/errors.md documents each (a test checks).

/**
 * where a user meets a code: as an http answer, as a reason of a rejected proposal (the post
 * itself was accepted with 202), as a reason of a run, step or gate, as the reason an artifact
 * waits on the stage ladder, or from the cli.
 */
export type ErrorSurface = 'http' | 'rejection' | 'run' | 'promotion' | 'cli';

interface CodeSpec {
  /** the http status when the error ends a request (for 'http' codes the only way it is seen) */
  status: number;
  surface: ErrorSurface;
  text: string;
}

export const ERROR_CODES = {
  OLA_ERR_BAD_REQUEST: { status: 400, surface: 'http', text: 'the request body, query, header or path failed its schema' },
  OLA_ERR_BAD_JSON: { status: 400, surface: 'http', text: 'the request body is not valid json' },
  OLA_ERR_BODY_TOO_LARGE: { status: 413, surface: 'http', text: 'the request body exceeds the documented limit' },
  OLA_ERR_UNSUPPORTED_MEDIA: { status: 415, surface: 'http', text: 'a body was sent with a content type other than application/json' },
  OLA_ERR_NOT_FOUND: { status: 404, surface: 'http', text: 'no such proposal, artifact, niche, run or route' },
  OLA_ERR_UNKNOWN_NICHE: { status: 422, surface: 'http', text: 'the request names a niche the lab does not have' },
  OLA_ERR_UNKNOWN_ARTIFACT: { status: 422, surface: 'http', text: 'the request names artifacts the lab does not have' },
  OLA_ERR_BUSY: { status: 503, surface: 'http', text: 'the proposal queue is full; retry later' },
  OLA_ERR_UNAUTHENTICATED: { status: 401, surface: 'http', text: 'no bearer token, or a token the lab does not know' },
  OLA_ERR_FORBIDDEN: { status: 403, surface: 'http', text: "the token is known but its role may not do this (a submitter's token on an operator's route)" },
  OLA_ERR_NO_OPERATOR: { status: 403, surface: 'http', text: 'no operator is configured (OLA_OPERATOR_TOKENS), so approvals are refused' },
  OLA_ERR_NOT_AWAITING_DECISION: { status: 409, surface: 'http', text: "the artifact is not waiting for an operator's decision at that rung, or was decided already" },
  OLA_ERR_EVIDENCE_MISSING: { status: 409, surface: 'http', text: 'entering the rung needs the rung below passed (active needs a passed shadow stage)' },
  OLA_ERR_NOTHING_TO_ROLL_BACK: { status: 409, surface: 'http', text: 'nothing is active for the niche to roll back or retire (the lab uses its built-in fallback), or the capability named is no longer the active one' },
  OLA_ERR_ARCHIVE_UNREADABLE: { status: 409, surface: 'http', text: 'a checkpoint archive could not be read back: the artifact that compressed it cannot run (killed, or its source lost), or its bytes changed' },
  OLA_ERR_ALREADY_KILLED: { status: 409, surface: 'http', text: 'the artifact was killed already (a kill is for good)' },
  OLA_ERR_LAB_ACTION_REFUSED: { status: 409, surface: 'http', text: 'a lab-wide action that cannot be taken now: halting halted promotions, resuming running ones, or an operator asking twice toward a quorum' },
  OLA_ERR_LLM_UNCONFIGURED: { status: 409, surface: 'http', text: 'the llm proposer has no endpoint (set OLA_LLM_URL and OLA_LLM_MODEL)' },
  OLA_ERR_LLM_UNREACHABLE: { status: 502, surface: 'run', text: 'the llm endpoint did not answer (refused, unresolvable or timed out)' },
  OLA_ERR_INTERNAL: { status: 500, surface: 'http', text: 'an unexpected error inside the lab (a bug)' },
  OLA_ERR_SOURCE_TOO_LARGE: { status: 422, surface: 'rejection', text: 'the artifact source exceeds 64 KB' },
  OLA_ERR_TRANSPILE: { status: 422, surface: 'rejection', text: 'typescript source failed to transpile' },
  OLA_ERR_PARSE: { status: 422, surface: 'rejection', text: 'the javascript does not parse as an es module' },
  OLA_ERR_FORBIDDEN_CONSTRUCT: { status: 422, surface: 'rejection', text: 'the source uses a construct the validator forbids' },
  OLA_ERR_MISSING_EXPORT: { status: 422, surface: 'rejection', text: 'the source does not export a function the niche requires' },
  OLA_ERR_SANDBOX_TIMEOUT: { status: 500, surface: 'run', text: 'a sandbox run exceeded its wall or cpu limit and was killed' },
  OLA_ERR_SANDBOX_MEMORY: { status: 500, surface: 'run', text: 'a sandbox run exceeded its memory limit and was killed' },
  OLA_ERR_SANDBOX_CRASH: { status: 500, surface: 'run', text: 'the sandbox process died during a run' },
  OLA_ERR_ARTIFACT_THREW: { status: 500, surface: 'run', text: 'the artifact threw during a run' },
  OLA_ERR_BAD_OUTPUT: { status: 500, surface: 'run', text: "the artifact's output is unusable: wrong shape, type or size, or refused by the niche's judge" },
  OLA_ERR_TOKEN_INVALID: { status: 403, surface: 'run', text: 'the capability token is missing, expired, forged or for another stage' },
  OLA_ERR_STAGE_UNAVAILABLE: { status: 503, surface: 'promotion', text: 'the stage has no usable runner on this host (the reason names what is missing)' },
  OLA_ERR_STEP_TIMEOUT: { status: 500, surface: 'run', text: 'a lifecycle step exceeded its timeout and was aborted' },
  OLA_ERR_ABORTED: { status: 500, surface: 'run', text: 'the work was aborted (shutdown or caller)' },
  OLA_ERR_WAIT_TIMEOUT: { status: 504, surface: 'run', text: 'a caller stopped waiting for a proposal to settle; the proposal goes on' },
  OLA_ERR_REGISTRY_TAMPERED: { status: 500, surface: 'cli', text: 'registry verification found a bad row, signature, mirror line or artifact file, or a tail cut off below the head checkpoint' },
  OLA_ERR_CONFIG: { status: 500, surface: 'cli', text: 'the configuration failed its schema' },
  OLA_ERR_ADDRESS_IN_USE: { status: 500, surface: 'cli', text: 'the lab cannot listen: another process holds the host and port' },
  OLA_ERR_BAD_URL: { status: 400, surface: 'cli', text: 'the lab address given to the cli is not an http(s) url' },
  OLA_ERR_LAB_UNREACHABLE: { status: 503, surface: 'cli', text: 'the cli could not reach a running lab' },
  OLA_ERR_STORAGE_LOCKED: { status: 409, surface: 'cli', text: 'another live lab process is writing this storage folder' },
  OLA_ERR_REGISTRY_UNAVAILABLE: { status: 503, surface: 'cli', text: 'the registry database (OLA_DATABASE_URL) did not answer' },
  OLA_ERR_LAB_KEY_STALE: { status: 500, surface: 'cli', text: 'the registry names a lab key (rotated with lab_key_rotated) that this storage folder does not hold, or a derived secret is missing after a rotation' },
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  /** the request field or source position the error is about */
  field?: string;
  line?: number;
  column?: number;
  [key: string]: unknown;
}

export class OlaError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail: ErrorDetail = {},
  ) {
    super(message);
    this.name = 'OlaError';
    this.status = ERROR_CODES[code].status;
  }

  toJSON(): { code: ErrorCode; message: string; detail: ErrorDetail } {
    return { code: this.code, message: this.message, detail: this.detail };
  }
}

/** normalise anything thrown into an OlaError (unknown errors are internal) */
export function asOlaError(err: unknown): OlaError {
  if (err instanceof OlaError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new OlaError('OLA_ERR_INTERNAL', message);
}
