// a worker's replies to the labs: each result is published the moment its job finishes, so
// it reaches redis ahead of bullmq's completion of the entry (a lua script and an event), and
// the lab never waits on either.
import type { Redis } from 'ioredis';
import type { QueueJobResult, QueueRunResult } from './protocol.ts';

export class Outbox {
  private readonly sending = new Set<Promise<unknown>>();

  constructor(
    private readonly client: Redis,
    private readonly worker: string,
  ) {}

  post(channel: string, result: QueueRunResult): void {
    const message: QueueJobResult = { worker: this.worker, results: [result] };
    // a lost reply is not a lost result: the lab reads the completed entry
    const sent = this.client.publish(channel, JSON.stringify(message)).catch(() => undefined);
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }

  /** replies posted so far have been handed to redis */
  async drain(): Promise<void> {
    await Promise.all(this.sending);
  }
}
