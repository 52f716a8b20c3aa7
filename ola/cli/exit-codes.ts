// the cli's exit codes (documented in docs/cli.md).
export const EXIT = {
  ok: 0,
  /** the command could not do its work: lab unreachable, not found, bad input */
  error: 1,
  /** bad usage: an unknown command or option, a malformed lab url */
  usage: 2,
  /** propose --wait: the proposal was rejected, failed, or did not pass its gate */
  notPassed: 3,
  /** registry verify found tampering */
  tampered: 4,
  /** propose --wait: the timeout passed while the proposal was still in its lifecycle */
  pending: 5,
} as const;
