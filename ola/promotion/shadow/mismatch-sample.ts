// a bounded, uniform sample of a shadow run's mismatches (reservoir sampling), each value
// kept as a short json preview, so a long run cannot grow its report.

export const MAX_MISMATCH_SAMPLES = 20;
export const MAX_PREVIEW_CHARS = 400;

export interface MismatchSample {
  /** when the event happened (iso) */
  at: string;
  /** the event's id in the niche's live feed */
  event: string;
  candidate: string;
  incumbent: string;
  /** the ground truth, once it arrived */
  truth?: string;
  /** what differed, in words */
  detail?: string;
}

/** json of any value, cut to MAX_PREVIEW_CHARS; never throws */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = ArrayBuffer.isView(value) ? `<${value.constructor.name} ${value.byteLength} bytes>` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX_PREVIEW_CHARS ? `${text.slice(0, MAX_PREVIEW_CHARS - 1)}…` : text;
}

export class MismatchSampler {
  private readonly kept: MismatchSample[] = [];
  private count = 0;

  /** random() in [0, 1); a test passes a seeded one */
  constructor(
    readonly capacity = MAX_MISMATCH_SAMPLES,
    private readonly random: () => number = Math.random,
  ) {}

  offer(m: { at: string; event: string; candidate: unknown; incumbent: unknown; truth?: unknown; detail?: string }): void {
    this.count++;
    const slot = this.kept.length < this.capacity ? this.kept.length : Math.floor(this.random() * this.count);
    if (slot >= this.capacity) return;
    const sample: MismatchSample = { at: m.at, event: m.event, candidate: preview(m.candidate), incumbent: preview(m.incumbent) };
    if (m.truth !== undefined) sample.truth = preview(m.truth);
    if (m.detail !== undefined) sample.detail = m.detail.slice(0, MAX_PREVIEW_CHARS);
    this.kept[slot] = sample;
  }

  /** mismatches offered so far */
  get seen(): number {
    return this.count;
  }

  /** the sample, oldest event first */
  samples(): MismatchSample[] {
    return [...this.kept].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}
