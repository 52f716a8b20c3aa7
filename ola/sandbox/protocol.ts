// the message protocol between the runner (parent) and an isolate host (child).
import type { RunLimits, RunResult } from '../core/contracts.ts';

export interface ChildJob {
  sha256: string;
  script: string;
  driver: string;
  inputs: { scenarioId: string; input: unknown }[];
  limits: RunLimits;
}

export const Msg = { Ready: 1, Run: 2, RunDone: 3, JobDone: 4, Shutdown: 5 } as const;
type M = typeof Msg;

export type ParentMessage = { kind: M['Run']; id: number; job: ChildJob } | { kind: M['Shutdown'] };

export type ChildMessage =
  | { kind: M['Ready'] }
  | { kind: M['RunDone']; id: number; index: number; result: RunResult }
  | { kind: M['JobDone']; id: number };
