// the cli's exit codes (documented in docs/cli.md).
export const EXIT = {
  ok: 0,
  /** the command could not do its work: lab unreachable, not found, bad input */
  error: 1,
  usage: 2,
  /** propose --wait: the proposal was rejected, failed, or did not pass its gate */
  notPassed: 3,
  /** registry verify found tampering */
  tampered: 4,
} as const;
