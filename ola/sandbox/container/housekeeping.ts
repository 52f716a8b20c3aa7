// keeping the engine tidy: a test boot before the stage says it is available, and removal of
// sandbox containers whose owning process died before it could remove them.
import type Docker from 'dockerode';
import type { ContainerCreateOptions } from 'dockerode';
import { Msg } from '../protocol.ts';
import { LABEL } from './image.ts';
import { launchContainer } from './launch.ts';
import type { ContainerLimits } from './spec.ts';
import { processAlive } from '../../core/process-alive.ts';

/** starts the host in a container and waits for its ready message; the reason when it fails */
export function bootCheck(docker: Docker, spec: ContainerCreateOptions & { name: string }, limits: ContainerLimits, timeoutMs = 30_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const c = launchContainer(docker, spec, { readyTimeoutMs: timeoutMs, limits });
    let answer: string | undefined = 'no answer';
    c.proc.on('message', (m: { kind?: number }) => {
      if (m.kind !== Msg.Ready) return;
      answer = undefined;
      c.kill();
    });
    c.proc.once('exit', (code, signal) => {
      if (answer) answer = c.explain?.(code, signal)?.message ?? `exit ${code}`;
      void c.removed().then(() => resolve(answer));
    });
  });
}

/** removes sandbox containers left by processes that are gone; returns how many */
export async function removeOrphans(docker: Docker): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL}.stage=container`] } });
  const orphans = list.filter((c) => {
    const owner = Number(c.Labels[`${LABEL}.owner`]);
    return !Number.isInteger(owner) || owner <= 0 || !processAlive(owner);
  });
  await Promise.all(orphans.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  return orphans.length;
}
