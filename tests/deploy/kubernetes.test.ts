// deploy/kubernetes/ on paper, held to the code (no cluster, no kubectl here): every manifest is
// well formed, the env vars are ones the config loader reads and load into a valid config, the
// commands parse with the cli's own commander definitions, probes hit real routes and ports,
// the workers run under gvisor and drain within their grace period, labels and selectors agree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { parseAllDocuments, parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS, fromEnv, loadConfig } from '../../ola/core/config.ts';
import { RUNNABLE_STAGES } from '../../ola/sandbox/host-runners.ts';
import { WorkerMetrics } from '../../ola/sandbox/queue/worker-metrics.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'deploy', 'kubernetes');
const IMAGE = 'organic-os/lab';

type Obj = Record<string, any>;
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
  readinessProbe?: Obj;
  livenessProbe?: Obj;
  startupProbe?: Obj;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[]; images?: { name: string; newTag?: string }[] };
const manifests: (Obj & { file: string })[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => ({ ...(d.toJS() as Obj), file })),
);
const docs = readFileSync(join(root, 'docs', 'kubernetes.md'), 'utf8');

const of = (kind: string) => manifests.filter((m) => m.kind === kind);
const named = (kind: string, name: string) => {
  const m = manifests.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!m) throw new Error(`no ${kind} ${name}`);
  return m;
};
const workloads = () => [...of('Deployment'), ...of('StatefulSet')];
const podLabels = (w: Obj): Record<string, string> => w.spec.template.metadata.labels;
const containers = (w: Obj): Container[] => w.spec.template.spec.containers;
const labContainers = () => workloads().flatMap((w) => containers(w).filter((c) => c.image.startsWith(`${IMAGE}:`)).map((c) => ({ w, c })));
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const selected = (selector: Record<string, string>) => workloads().filter((w) => matches(selector, podLabels(w)));
const portOf = (c: Container, port: number | string) => (typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort);
const envOf = (c: Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? SECRET_SAMPLES[e.name]]));

/** the env vars the config loader reads: fromEnv over an env that records what is asked of it */
function loaderEnv(): Set<string> {
  const read = new Set<string>();
  fromEnv(new Proxy({} as NodeJS.ProcessEnv, { get: (_t, k) => (read.add(String(k)), undefined) }));
  return read;
}
/** names a container sets that the loader does not read */
const unknownEnv = (names: string[]) => names.filter((n) => !loaderEnv().has(n));

/** a valid stand-in for a value the manifests take from a secret */
const SECRET_SAMPLES: Record<string, string> = {
  OLA_DATABASE_URL: 'postgresql://ola:0123456789abcdef@ola-postgres:5432/ola',
  OLA_REDIS_URL: 'redis://:0123456789abcdef@ola-redis:6379',
  OLA_OPERATOR_TOKENS: 'alice:0123456789abcdef0123456789abcdef',
  OLA_SUBMITTER_TOKENS: 'ci:fedcba9876543210fedcba9876543210',
};

/** every `ola` subcommand as the cli defines it, each action replaced by one that keeps the parsed options */
async function cli(env: Record<string, string | undefined>): Promise<{ program: Command; parsed: () => { name: string; opts: Obj } | undefined; errors: () => string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const program = new Command('ola').exitOverride();
  let err = '';
  program.configureOutput({ writeErr: (s) => (err += s), writeOut: () => undefined });
  try {
    for (const file of readdirSync(join(root, 'ola', 'cli', 'commands'))) {
      const mod = (await import(join(root, 'ola', 'cli', 'commands', file))) as Record<string, unknown>;
      for (const [name, fn] of Object.entries(mod)) if (/Commands?$/.test(name) && typeof fn === 'function') (fn as (p: Command) => void)(program);
    }
  } finally {
    process.env = saved;
  }
  let last: { name: string; opts: Obj } | undefined;
  const swap = (c: Command) => {
    c.exitOverride().configureOutput({ writeErr: (s) => (err += s), writeOut: () => undefined });
    c.action(function (this: Command) {
      last = { name: this.name(), opts: this.opts() };
    });
    c.commands.forEach(swap);
  };
  program.commands.forEach(swap);
  return { program, parsed: () => last, errors: () => err };
}

async function parseArgs(c: Container): Promise<{ name: string; opts: Obj }> {
  const args = [...(c.command ?? []), ...(c.args ?? [])];
  expect(args[0], `${c.name}: runs bin/ola`).toBe('bin/ola');
  const { program, parsed, errors } = await cli(envOf(c));
  await program.parseAsync(['node', 'ola', ...args.slice(1)]).catch((e: Error) => {
    throw new Error(`${c.name}: \`${args.join(' ')}\` does not parse: ${errors() || e.message}`);
  });
  return parsed()!;
}

let metrics: WorkerMetrics | undefined;
afterAll(async () => metrics?.close());

describe('deploy/kubernetes manifests', () => {
  it('lists every manifest in the kustomization, each with apiVersion, kind and metadata.name', () => {
    const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    const versions: Record<string, string> = {
      Namespace: 'v1',
      Service: 'v1',
      StatefulSet: 'apps/v1',
      Deployment: 'apps/v1',
      RuntimeClass: 'node.k8s.io/v1',
      NetworkPolicy: 'networking.k8s.io/v1',
      HorizontalPodAutoscaler: 'autoscaling/v2',
    };
    for (const m of manifests) {
      expect(typeof m.apiVersion, `${m.file}: apiVersion`).toBe('string');
      expect(versions[m.kind], `${m.file}: kind ${m.kind}`).toBe(m.apiVersion);
      expect(m.metadata?.name, `${m.file}: metadata.name`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
    const ids = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names in its containers only env vars the config loader reads', () => {
    // the check itself must catch a misspelt name
    expect(unknownEnv(['OLA_REDIS_URI', 'OLA_DATABASE_URL'])).toEqual(['OLA_REDIS_URI']);
    for (const { c } of labContainers()) expect(unknownEnv((c.env ?? []).map((e) => e.name)), c.name).toEqual([]);
  });

  it("loads the lab's env into a valid config that matches its ports, services and volumes", () => {
    const { w, c } = labContainers().find(({ c }) => c.name === 'lab')!;
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? SECRET_SAMPLES[e.name]]));
    for (const e of c.env ?? []) if (e.valueFrom) expect(SECRET_SAMPLES[e.name], `${e.name} has a sample`).toBeDefined();
    const config = loadConfig(fromEnv(env));
    expect(w.kind).toBe('StatefulSet');
    expect(config.server.host).toBe('0.0.0.0');
    expect(portOf(c, 'http')).toBe(config.server.port);
    // redis and postgresql by their services' names and ports
    const redis = new URL(config.queue.redisUrl!);
    expect(named('Service', redis.hostname).spec.ports[0].port).toBe(Number(redis.port));
    expect(env.OLA_DATABASE_URL).toBeDefined();
    expect(named('Service', new URL(SECRET_SAMPLES.OLA_DATABASE_URL!).hostname).spec.ports[0].port).toBe(5432);
    // storage and the checkpoint on volumes of their own, claimed by the statefulset
    const claims = (w.spec.volumeClaimTemplates as Obj[]).map((v) => v.metadata.name as string);
    const mountFor = (path: string) => (c.volumeMounts ?? []).filter((m) => !m.subPath && (path === m.mountPath || path.startsWith(`${m.mountPath}/`))).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    const storage = mountFor(config.storage.dir);
    const checkpoint = mountFor(dirname(config.registry.checkpoint!));
    expect(storage && claims.includes(storage.name)).toBe(true);
    expect(checkpoint && claims.includes(checkpoint.name)).toBe(true);
    expect(checkpoint!.name).not.toBe(storage!.name);
    // the lab key where loadOrCreateKeys reads it
    expect((c.volumeMounts ?? []).some((m) => m.mountPath === join(config.storage.dir, 'keys', 'lab-ed25519.pem'))).toBe(true);
  });

  it("runs the cli's real subcommands and flags", async () => {
    const lab = await parseArgs(labContainers().find(({ c }) => c.name === 'lab')!.c);
    expect(lab.name).toBe('serve');
    const { w, c } = labContainers().find(({ c }) => c.name === 'worker')!;
    const worker = await parseArgs(c);
    expect(worker.name).toBe('worker');
    // --redis comes from OLA_REDIS_URL, as commander's default
    expect(worker.opts.redis).toBe(envOf(c).OLA_REDIS_URL);
    expect(String(worker.opts.stages).split(',').every((s) => (RUNNABLE_STAGES as readonly string[]).includes(s))).toBe(true);
    expect(worker.opts.metricsPort).toBe(portOf(c, 'metrics'));
    expect(worker.opts.metricsHost).toBe('0.0.0.0');
    // the public key file is on the configmap's volume
    const mount = (c.volumeMounts ?? []).find((m) => String(worker.opts.publicKey).startsWith(`${m.mountPath}/`));
    const volume = (w.spec.template.spec.volumes as Obj[]).find((v) => v.name === mount?.name);
    expect(volume?.configMap?.name ?? volume?.secret?.secretName).toBeTruthy();
  }, 60_000);

  it("puts its probes on the lab's real routes and the worker's real /metrics", async () => {
    const routes = new Set(
      readdirSync(join(root, 'ola', 'api', 'routes'))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .flatMap((f) => [...readFileSync(join(root, 'ola', 'api', 'routes', f), 'utf8').matchAll(/app\.get\(\s*'([^']+)'/g)].map((m) => m[1]!)),
    );
    metrics = new WorkerMetrics();
    const base = (await metrics.listen(0, '127.0.0.1')).replace(/\/metrics$/, '');
    for (const { c } of labContainers()) {
      const probes = [c.startupProbe, c.readinessProbe, c.livenessProbe].filter(Boolean) as Obj[];
      expect(probes.length, `${c.name} has probes`).toBeGreaterThan(0);
      for (const probe of probes) {
        expect(portOf(c, probe.httpGet.port), `${c.name} probe port`).toBeDefined();
        if (c.name === 'lab') expect(routes.has(probe.httpGet.path), `GET ${probe.httpGet.path} is a route`).toBe(true);
        else expect((await fetch(`${base}${probe.httpGet.path}`)).status, `worker ${probe.httpGet.path}`).toBe(200);
      }
    }
  });

  it('runs workers under gvisor, draining within their grace period', () => {
    const rc = of('RuntimeClass');
    expect(rc).toHaveLength(1);
    expect(rc[0]!.handler).toBe('runsc');
    expect(rc[0]!.metadata.name).toBe('gvisor');
    const worker = named('Deployment', 'ola-worker');
    expect(worker.spec.template.spec.runtimeClassName).toBe('gvisor');
    // a job holds a draining worker at most until the lab gives up on it (the stage timeout)
    const grace = worker.spec.template.spec.terminationGracePeriodSeconds as number;
    expect(grace).toBeGreaterThanOrEqual(DEFAULTS.promotion.stageTimeoutMs / 1000);
    expect(grace).toBeLessThanOrEqual(DEFAULTS.promotion.stageTimeoutMs / 1000 + 60);
    const hpa = of('HorizontalPodAutoscaler');
    expect(hpa.map((h) => `${h.spec.scaleTargetRef.kind}/${h.spec.scaleTargetRef.name}`)).toEqual(['Deployment/ola-worker']);
    expect(containers(worker)[0]!.resources?.requests?.cpu, 'cpu utilisation needs a request').toBeDefined();
    expect(docs).toContain('kubectl -n organic-os scale deployment/ola-worker');
  });

  it('keeps what redis acknowledges, as the queue needs', () => {
    const redis = named('StatefulSet', 'ola-redis');
    const c = containers(redis)[0]!;
    const args = [...(c.command ?? []), ...(c.args ?? [])];
    const flag = (f: string) => args[args.indexOf(f) + 1];
    expect(flag('--appendonly')).toBe('yes');
    expect(['always', 'everysec']).toContain(flag('--appendfsync'));
    expect(flag('--maxmemory-policy')).toBe('noeviction');
    expect(Number(flag('--port'))).toBe(portOf(c, 'redis'));
    // a password from the secret whose url the lab and the workers connect with (docs/workers.md, trust)
    const password = (c.env ?? []).find((e) => `$(${e.name})` === flag('--requirepass'));
    expect(password?.valueFrom?.secretKeyRef, '--requirepass from a secret').toBeDefined();
    const secret = password!.valueFrom!.secretKeyRef!.name;
    expect((c.env ?? []).find((e) => e.name === 'REDISCLI_AUTH')?.valueFrom?.secretKeyRef, 'the probes authenticate').toEqual(password!.valueFrom!.secretKeyRef);
    for (const { c: x } of labContainers()) expect((x.env ?? []).find((e) => e.name === 'OLA_REDIS_URL')?.valueFrom?.secretKeyRef?.name, `${x.name}'s OLA_REDIS_URL`).toBe(secret);
    for (const s of of('StatefulSet')) {
      expect(s.spec.volumeClaimTemplates?.length, `${s.metadata.name} has a volume claim`).toBeGreaterThan(0);
      const mounted = containers(s).flatMap((x) => (x.volumeMounts ?? []).map((m) => m.name));
      for (const v of s.spec.volumeClaimTemplates as Obj[]) expect(mounted, `${s.metadata.name} mounts ${v.metadata.name}`).toContain(v.metadata.name);
    }
  });

  it('agrees on labels and selectors across workloads, services and policies', () => {
    for (const w of workloads()) {
      expect(matches(w.spec.selector.matchLabels, podLabels(w)), `${w.metadata.name} selects its pods`).toBe(true);
      if (w.kind === 'StatefulSet') expect(named('Service', w.spec.serviceName)).toBeDefined();
    }
    for (const s of of('Service')) {
      const [w, ...more] = selected(s.spec.selector);
      expect(w && more.length === 0, `service ${s.metadata.name} selects one workload`).toBe(true);
      for (const p of s.spec.ports as Obj[]) expect(containers(w!).some((c) => portOf(c, p.targetPort) !== undefined), `${s.metadata.name} port ${p.targetPort}`).toBe(true);
    }
    for (const np of of('NetworkPolicy')) {
      const targets = selected(np.spec.podSelector.matchLabels);
      expect(targets.length, `${np.metadata.name} selects pods`).toBeGreaterThan(0);
      const ports = new Set(targets.flatMap((t) => containers(t).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort))));
      for (const rule of (np.spec.ingress ?? []) as Obj[]) {
        for (const p of rule.ports ?? []) expect(ports.has(p.port), `${np.metadata.name} ingress port ${p.port}`).toBe(true);
        for (const peer of rule.from ?? []) if (peer.podSelector && !peer.namespaceSelector) expect(selected(peer.podSelector.matchLabels).length).toBeGreaterThan(0);
      }
    }
  });

  it('lets workers reach redis and dns only', () => {
    const worker = named('Deployment', 'ola-worker');
    const policies = of('NetworkPolicy').filter((np) => matches(np.spec.podSelector.matchLabels, podLabels(worker)));
    expect(policies).toHaveLength(1);
    const np = policies[0]!;
    expect(np.spec.policyTypes).toEqual(expect.arrayContaining(['Ingress', 'Egress']));
    const redis = named('StatefulSet', 'ola-redis');
    for (const rule of np.spec.egress as Obj[]) {
      for (const peer of rule.to as Obj[]) {
        expect(peer.ipBlock, 'no ip blocks').toBeUndefined();
        if (peer.namespaceSelector) {
          // the cluster's dns, on port 53 only
          expect(peer.podSelector?.matchLabels).toEqual({ 'k8s-app': 'kube-dns' });
          expect((rule.ports as Obj[]).every((p) => p.port === 53)).toBe(true);
        } else {
          expect(selected(peer.podSelector.matchLabels)).toEqual([redis]);
          expect((rule.ports as Obj[]).map((p) => p.port)).toEqual([portOf(containers(redis)[0]!, 'redis')]);
        }
      }
    }
  });

  it('builds the image it names, and documents every secret and configmap it reads', () => {
    for (const { c } of labContainers()) expect(c.image).toBe(`${IMAGE}:${kustomization.images?.find((i) => i.name === IMAGE)?.newTag}`);
    const dockerfile = readFileSync(join(dir, 'images', 'Dockerfile.lab'), 'utf8');
    for (const path of ['bin', 'ola', 'node_modules', 'observer-ui/dist']) expect(dockerfile).toMatch(new RegExp(`^COPY ${path} `, 'm'));
    expect(docs).toContain('docker build -f deploy/kubernetes/images/Dockerfile.lab -t organic-os/lab:k8s .');
    const refs = new Set<string>();
    for (const w of workloads()) {
      for (const c of containers(w)) for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) refs.add(`secret ${e.valueFrom.secretKeyRef.name} ${e.valueFrom.secretKeyRef.key}`);
      for (const v of (w.spec.template.spec.volumes ?? []) as Obj[]) {
        if (v.secret) refs.add(`secret ${v.secret.secretName}`);
        if (v.configMap) refs.add(`configmap ${v.configMap.name}`);
      }
    }
    expect(refs.size).toBeGreaterThan(0);
    for (const ref of refs) {
      const [kind, name, key] = ref.split(' ');
      // one command, continued over lines with a backslash
      const create = new RegExp(`kubectl -n organic-os create ${kind === 'secret' ? 'secret generic' : 'configmap'} ${name}\\b(?:[^\\n]|\\\\\\n)*?${key ? `--from-[a-z]+=${key}\\b` : ''}`);
      expect(docs, `docs/kubernetes.md creates ${ref}`).toMatch(create);
    }
    expect(existsSync(join(root, 'bin', 'ola'))).toBe(true);
  });
});
