// the shape of a registry event as /events sends it.
export interface LabEvent {
  seq: number;
  ts: string;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
}

export function isLabEvent(v: unknown): v is LabEvent {
  const e = v as Partial<LabEvent> | null;
  return !!e && typeof e.seq === 'number' && typeof e.type === 'string' && typeof e.subject === 'string' && typeof e.ts === 'string' && typeof e.payload === 'object';
}
