// a qmp client: qemu's json control protocol over a unix socket (greeting, capabilities
// negotiation, then commands answered in order; asynchronous events are kept aside).
import { createConnection, type Socket } from 'node:net';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class Qmp {
  private buf = '';
  private readonly pending: Pending[] = [];
  private closed = false;
  readonly events: { event: string; data?: unknown }[] = [];

  private constructor(private readonly sock: Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => this.onData(chunk));
    sock.on('close', () => this.fail(new Error('qmp connection closed')));
    sock.on('error', (err) => this.fail(err));
  }

  /** connects (retrying while qemu creates the socket), reads the greeting, negotiates */
  static async connect(path: string, timeoutMs: number): Promise<Qmp> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        const sock = await new Promise<Socket>((resolve, reject) => {
          const s = createConnection(path, () => resolve(s));
          s.once('error', reject);
        });
        const qmp = new Qmp(sock);
        await qmp.expectGreeting();
        await qmp.execute('qmp_capabilities');
        return qmp;
      } catch (err) {
        if (Date.now() > end) throw new Error(`qmp did not answer in ${timeoutMs} ms: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  private greeting?: (v: unknown) => void;

  private expectGreeting(): Promise<unknown> {
    return new Promise((resolve) => (this.greeting = resolve));
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as { QMP?: unknown; event?: string; data?: unknown; return?: unknown; error?: { class: string; desc: string } };
      if (msg.QMP) this.greeting?.(msg.QMP);
      else if (msg.event) this.events.push({ event: msg.event, data: msg.data });
      else {
        const p = this.pending.shift();
        if (msg.error) p?.reject(new Error(`${msg.error.class}: ${msg.error.desc}`));
        else p?.resolve(msg.return);
      }
    }
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(err);
  }

  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('qmp connection closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ resolve: resolve as (v: unknown) => void, reject });
      this.sock.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`);
    });
  }

  /** a monitor command (savevm and loadvm have no qmp command of their own in this qemu) */
  async hmp(commandLine: string): Promise<string> {
    const out = await this.execute<string>('human-monitor-command', { 'command-line': commandLine });
    // hmp reports failures as text, not as qmp errors
    if (/^(Error|Could not|Device .* does not|No block device)/im.test(out)) throw new Error(`${commandLine}: ${out.trim()}`);
    return out;
  }

  close(): void {
    this.closed = true;
    this.sock.destroy();
  }
}
