// bench:swarm (issue 15, done-when 6): the five-service minion (PostgreSQL, a cache, a migration job, a worker and
// the web app: test/minions/crm5, local test images) summoned through the real core (createCore: the catalog
// read from a compose file, the real planner, the Swarm target) on the three nested nodes of
// scripts/docker/swarm-nodes.sh, next to the docker CLI's `docker stack deploy` of the same compose file against
// the same manager (DOCKER_HOST=tcp://<manager>:2375), in the same run. Both sides are timed from the call to the
// same end point, read the same way for both: every service has a task that runs on its node and whose container
// passed its HEALTHCHECK, and the migration job's task has completed. BENCH_N runs (default 3) alternate which
// side goes first; each side is torn down between runs (`dismiss` / `docker stack rm`, then waited for until no
// service, task container or network of it is left on any node; the data goes too, so every run starts fresh).
// Medians: `summon_s`, `stack_deploy_s`, `ratio` (aim <= 1.2). Last line: one JSON object.
//
// The compose file: test/minions/crm5/compose.yml plus the `deploy:` keys a Swarm stack needs, written to a temp
// folder; Summoner's catalog reads that file (it ignores every `deploy:` key but `resources`, with a note: it runs
// one replica, places and restarts services itself, and the keys say what it does anyway), and
// `docker stack deploy` gets the same file except for one key:
//   - `depends_on`: the catalog reads its conditions (service_healthy, service_completed_successfully) and starts
//     the services one after another, each behind its gate; the docker CLI's stack schema (v3.13) takes only a
//     list of names there, and `docker stack deploy` ignores depends_on anyway: the stack's file has the same
//     names as a list, and the stack starts every service at once.
// The `deploy:` keys added (both files):
//   - every service `endpoint_mode: dnsrr`: the nodes' kernel has no IPVS for Swarm's virtual IPs (Summoner's
//     services are dnsrr for the same reason, src/core/swarm/spec.ts);
//   - services with a volume (web, db, migrate, worker) `placement.constraints: [node.role == manager]`: a stack's
//     named volumes are local to a node, so the job's, the worker's and the web's `files` must be on one node;
//     Summoner pins the same services to the manager it talks to (bind mounts of its folders);
//   - the job (`restart: "no"`) `mode: replicated-job` with `restart_policy: none`: the stack would otherwise
//     restart it forever; Summoner runs it as such a job service.
// What else differs, by what each side is (not by the file): Summoner's volumes are bind mounts of folders under
// its data roots (on the folder every node mounts), the stack's are named volumes; Summoner's private network is
// an internal overlay, the web also joins the proxy overlay (proxy mode `external`: no nginx runs; made by the
// first summon and kept, as on a running bot), the stack has one overlay, made and removed each run; Summoner turns each compose healthcheck into the task's HEALTHCHECK with the same interval but a
// 10 s timeout, its health timeout as start period and 3 retries, the stack keeps the file's (2 s timeout, 30
// retries); Summoner's generated password is also a Docker secret; Summoner checks the images on the manager
// first (present there: no pull), the stack is told `--resolve-image never`.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dump, load } from 'js-yaml';
import { configSchema } from '../src/config/schema.js';
import { createCore } from '../src/core/boot.js';
import {
  createEngine,
  describe,
  inspectContainer,
  listNetworks,
  listSecrets,
  listServices,
  listTasks,
  removeNetwork,
  removeSecret,
  removeService,
  selector,
  type Engine,
  type ServiceInfo,
} from '../src/core/engine/index.js';
import { swarmName } from '../src/core/swarm/names.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 3);
const APP = 'crm5';
const SOURCE = path.join(root, 'test/minions', APP, 'compose.yml');
const SERVICES = 5;
/** The nested manager's Engine API (scripts/docker/swarm-nodes.sh; test/helpers/swarm-nodes.ts MANAGER_API). */
const MANAGER_API = process.env.SUMMONER_SWARM_MANAGER ?? 'tcp://10.199.0.2:2375';
/** Mounted at the same path in every node (swarm-nodes.sh): Summoner's bind mounts resolve on any node. */
const SHARED_ROOT = '/var/tmp/summoner-swarm';
/** What `docker stack deploy` labels every service, task container, network and volume of a stack with. */
const STACK_LABEL = 'com.docker.stack.namespace';
const READY_TIMEOUT_MS = 600_000;
const GONE_TIMEOUT_MS = 180_000;

const silent = { info() {}, warn() {}, error() {}, debug() {} };
const nothing = { step() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const since = (t0: number) => (performance.now() - t0) / 1000;
const say = (line: string) => void process.stderr.write(`${line}\n`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

type Doc = { services: Record<string, Record<string, unknown>> } & Record<string, unknown>;

/** crm5's compose file with the Swarm keys (see the header): what Summoner's catalog reads. */
function swarmCompose(source: Doc): Doc {
  const doc = structuredClone(source);
  for (const s of Object.values(doc.services)) {
    const deploy: Record<string, unknown> = { endpoint_mode: 'dnsrr' };
    if (Array.isArray(s.volumes) && s.volumes.length) deploy.placement = { constraints: ['node.role == manager'] };
    if (s.restart === 'no') Object.assign(deploy, { mode: 'replicated-job', restart_policy: { condition: 'none' } });
    s.deploy = { ...deploy, ...((s.deploy as Record<string, unknown> | undefined) ?? {}) };
  }
  return doc;
}

/** The same file for `docker stack deploy`: depends_on as the list of names its schema takes (and ignores). */
function stackCompose(summoner: Doc): Doc {
  const doc = structuredClone(summoner);
  for (const s of Object.values(doc.services)) {
    if (s.depends_on && !Array.isArray(s.depends_on)) s.depends_on = Object.keys(s.depends_on as object);
  }
  return doc;
}

/**
 * The services in the order compose's depends_on asks for: each wave holds the services whose dependencies are
 * all in earlier waves (crm5: db and cache; migrate; worker; web).
 */
function dependencyWaves(doc: Doc): string[][] {
  const deps = new Map(Object.entries(doc.services).map(([name, s]) => [name, Object.keys((s.depends_on as object | undefined) ?? {}).filter((d) => !/^\d+$/.test(d))]));
  const waves: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < deps.size) {
    const wave = [...deps].filter(([n, d]) => !placed.has(n) && d.every((x) => placed.has(x))).map(([n]) => n);
    if (!wave.length) throw new Error('depends_on has a cycle');
    waves.push(wave);
    for (const n of wave) placed.add(n);
  }
  return waves;
}

/** Each node's own engine (a task's container is inspected where it runs), by node id, from the manager's list. */
async function nodeEngines(manager: Engine): Promise<Map<string, { engine: Engine; host: string }>> {
  type RawNode = { ID: string; Description?: { Hostname?: string }; Status?: { State?: string; Addr?: string }; ManagerStatus?: { Addr?: string } };
  const nodes = (await manager.docker.listNodes()) as RawNode[];
  const out = new Map<string, { engine: Engine; host: string }>();
  for (const n of nodes) {
    if (n.Status?.State !== 'ready') continue;
    const addr = n.Status.Addr && n.Status.Addr !== '0.0.0.0' ? n.Status.Addr : n.ManagerStatus?.Addr?.split(':')[0];
    if (addr) out.set(n.ID, { engine: createEngine({ socket: `tcp://${addr}:2375`, timeoutMs: 30_000 }), host: n.Description?.Hostname ?? addr });
  }
  return out;
}

class JobFailed extends Error {}

const labelFilter = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`);
const isJob = (s: ServiceInfo) => !!s.spec.Mode?.ReplicatedJob;

async function main(): Promise<void> {
  const load0 = os.loadavg()[0]!;
  const id = `bsw${Date.now().toString(36)}`;
  const manager = createEngine({ socket: MANAGER_API, timeoutMs: 60_000 });
  const engineInfo = await describe(manager).catch((err: unknown) => {
    throw new Error(`no Swarm manager at ${MANAGER_API} (${err instanceof Error ? err.message : String(err)}): run scripts/docker/swarm-nodes.sh`);
  });
  if (!engineInfo.swarmManager) throw new Error(`${MANAGER_API} is not a Swarm manager: run scripts/docker/swarm-nodes.sh`);
  const nodes = await nodeEngines(manager);
  if (nodes.size < 3) throw new Error(`${nodes.size} ready Swarm node(s), three wanted: run scripts/docker/swarm-nodes.sh`);
  const cliEnv: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: MANAGER_API, DB_PASSWORD: randomBytes(18).toString('base64url') };
  delete cliEnv.DOCKER_CONTEXT;
  delete cliEnv.DOCKER_TLS_VERIFY;
  delete cliEnv.DOCKER_CERT_PATH;
  const docker = (...args: string[]) => run('docker', args, { env: cliEnv, maxBuffer: 1 << 22 });
  const cliVersion = (await docker('version', '--format', '{{.Client.Version}}')).stdout.trim();

  // the files, in a folder every node mounts (Summoner's bind mounts of its data roots must resolve on the manager)
  fs.mkdirSync(SHARED_ROOT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(SHARED_ROOT, `summoner-bench-swarm-${id}-`));
  const summonerDoc = swarmCompose(load(fs.readFileSync(SOURCE, 'utf8')) as Doc);
  const catalogDir = path.join(dir, 'catalog');
  fs.mkdirSync(path.join(catalogDir, APP), { recursive: true });
  fs.writeFileSync(path.join(catalogDir, APP, 'compose.yml'), dump(summonerDoc));
  const stackFile = path.join(dir, 'stack', 'compose.yml');
  fs.mkdirSync(path.dirname(stackFile), { recursive: true });
  fs.writeFileSync(stackFile, dump(stackCompose(summonerDoc)));
  // the same stack deployed in waves that honour depends_on by hand: each wave's file holds the services so far
  const waves = dependencyWaves(summonerDoc);
  const waveFiles = waves.map((_, i) => {
    const doc = stackCompose(summonerDoc);
    const keep = new Set(waves.slice(0, i + 1).flat());
    for (const name of Object.keys(doc.services)) if (!keep.has(name)) delete doc.services[name];
    for (const svc of Object.values(doc.services)) delete svc.depends_on; // the stack ignores it; the waves are the order
    const file = path.join(dir, 'stack', `wave${i}.yml`);
    fs.writeFileSync(file, dump(doc));
    return { file, services: keep.size };
  });

  const config = configSchema.parse({
    domain: `${id}.summoner.test`,
    stateDir: path.join(dir, 'state'),
    dataRoot: path.join(dir, 'data'),
    dbRoot: path.join(dir, 'databases'),
    backupRoot: path.join(dir, 'backups'),
    engine: { socket: MANAGER_API, mode: 'swarm', proxyNetwork: `summoner-proxy-${id}`, healthProbe: 'direct' },
    // the stack runs no proxy either (and no nginx on the nodes' port 80)
    proxy: { mode: 'external' },
  });
  const summonerSel = selector(config.domain, APP);
  const stacks = new Set<string>();

  // ---- the end point, read the same way for both sides ------------------------------------------

  /** Where the running services were at the last end point (service@node), for the log. */
  let placement = '';
  /** Every service's task runs and its container is healthy on its node (a job: its task completed). */
  async function readyNow(labels: Record<string, string>, expected = SERVICES): Promise<string | true> {
    const services = await listServices(manager, labels);
    if (services.length < expected) return `${services.length}/${expected} services`;
    const tasks = await Promise.all(services.map((s) => listTasks(manager, s.id)));
    const running: { service: string; nodeId: string; containerId: string }[] = [];
    for (const [i, s] of services.entries()) {
      const ts = tasks[i]!;
      if (isJob(s)) {
        if (ts.some((t) => t.state === 'complete')) continue;
        const bad = ts.find((t) => t.state === 'failed' || t.state === 'rejected');
        if (bad) throw new JobFailed(`${s.name}: its job task ${bad.state} (${bad.err ?? bad.message ?? ''})`);
        return `${s.name}: job ${ts[0]?.state ?? 'no task'}`;
      }
      const t = ts.find((x) => x.state === 'running' && x.desiredState === 'running');
      if (!t?.containerId) return `${s.name}: ${ts[0]?.state ?? 'no task'}`;
      running.push({ service: s.name, nodeId: t.nodeId, containerId: t.containerId });
    }
    // Swarm calls a task `running` once its HEALTHCHECK passed; its container says so on its node
    for (const r of running) {
      const node = nodes.get(r.nodeId);
      if (!node) return `${r.service}: on an unknown node ${r.nodeId}`;
      const c = await inspectContainer(node.engine, r.containerId);
      if (!c || c.state !== 'running') return `${r.service}: container ${c?.state ?? 'not there'}`;
      if (c.health && c.health !== 'healthy') return `${r.service}: ${c.health}`;
    }
    placement = running.map((r) => `${r.service}@${nodes.get(r.nodeId)!.host}`).sort().join(' ');
    return true;
  }

  async function waitReady(what: string, labels: Record<string, string>, expected = SERVICES): Promise<void> {
    const end = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      // a node's API that does not answer once is read again; a failed job would never complete
      const r = await readyNow(labels, expected).catch((err: unknown) => {
        if (err instanceof JobFailed) throw err;
        return err instanceof Error ? err.message : String(err);
      });
      if (r === true) return;
      if (Date.now() > end) throw new Error(`${what} not ready within ${READY_TIMEOUT_MS / 1000} s (last: ${r})`);
      await sleep(200);
    }
  }

  /** Count what is left of a deployment: services, task containers on every node (exited ones apart), networks. */
  async function leftOf(labels: Record<string, string>): Promise<{ services: ServiceInfo[]; containers: number; exited: { engine: Engine; id: string }[]; networks: string[] }> {
    const label = labelFilter(labels);
    const [services, networks, perNode] = await Promise.all([
      listServices(manager, labels),
      listNetworks(manager, labels),
      Promise.all([...nodes.values()].map(async (n) => ({ engine: n.engine, list: await n.engine.docker.listContainers({ all: true, filters: { label } }) }))),
    ]);
    const all = perNode.flatMap((n) => n.list.map((c) => ({ engine: n.engine, id: c.Id, state: c.State })));
    const exited = all.filter((c) => c.state === 'exited' || c.state === 'dead' || c.state === 'created');
    return { services, containers: all.length - exited.length, exited, networks: networks.map((n) => n.name) };
  }

  /**
   * Until nothing of it is left; a network is removed here once no service or container uses it any more. The
   * Swarm nodes (Docker 20.10) leave a completed job's exited task container on its node after its service is
   * removed (on both sides, and never removed by Swarm): removed here once the services are gone.
   */
  async function waitGone(what: string, labels: Record<string, string>): Promise<void> {
    const end = Date.now() + GONE_TIMEOUT_MS;
    for (;;) {
      const left = await leftOf(labels);
      if (!left.services.length) for (const c of left.exited) await c.engine.docker.getContainer(c.id).remove({ force: true }).catch(() => undefined);
      if (!left.services.length && !left.containers && !left.networks.length) return;
      if (!left.services.length && !left.containers) for (const n of left.networks) await removeNetwork(manager, n).catch(() => undefined);
      if (Date.now() > end) throw new Error(`${what} still there after ${GONE_TIMEOUT_MS / 1000} s: ${left.services.length} service(s), ${left.containers} container(s), networks ${left.networks.join(' ') || 'none'}`);
      await sleep(250);
    }
  }

  /** A stack's named volumes, on every node (`docker stack rm` keeps them): a fresh database each run. */
  async function removeStackVolumes(stack: string): Promise<void> {
    for (const { engine: e } of nodes.values()) {
      const { Volumes } = await e.docker.listVolumes({ filters: { label: [`${STACK_LABEL}=${stack}`] } });
      for (const v of Volumes ?? []) {
        const end = Date.now() + 30_000;
        for (;;) {
          try {
            await e.docker.getVolume(v.Name).remove();
            break;
          } catch (err) {
            if (Date.now() > end) throw err;
            await sleep(500);
          }
        }
      }
    }
  }

  // ---- cleanup: everything this run made carries its id (stack names, Summoner's domain label) -----

  let cleaning: Promise<void> | undefined;
  async function cleanupAll(): Promise<void> {
    for (const stack of [...stacks]) {
      await docker('stack', 'rm', stack).catch(() => undefined);
      await waitGone(`stack ${stack}`, { [STACK_LABEL]: stack }).catch((err: unknown) => say(`cleanup: ${String(err)}`));
      await removeStackVolumes(stack).catch((err: unknown) => say(`cleanup: volumes of ${stack}: ${String(err)}`));
      stacks.delete(stack);
    }
    const all = selector(config.domain);
    for (const s of await listServices(manager, all).catch(() => [])) await removeService(manager, s.id).catch(() => undefined);
    await waitGone(`Summoner's services of ${config.domain}`, all).catch((err: unknown) => say(`cleanup: ${String(err)}`));
    for (const s of await listSecrets(manager, all).catch(() => [])) await removeSecret(manager, s.id).catch(() => undefined);
    await removeNetwork(manager, swarmName(config.engine.proxyNetwork)).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const cleanup = () => (cleaning ??= cleanupAll());
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(sig, () => {
      say(`${sig}: removing what the bench made`);
      void cleanup().finally(() => process.exit(code));
    });
  }

  const summon: number[] = [];
  const dismiss: number[] = [];
  const stackUp: number[] = [];
  const stackCli: number[] = [];
  const stackRm: number[] = [];
  const ordered: number[] = [];
  try {
    const core = await createCore({ config, log: silent, shippedDir: catalogDir });
    if (core.mode !== 'swarm') throw new Error(`the core runs in ${core.mode} mode, not on the Swarm`);
    const minion = core.catalog.get(APP);
    if (!minion) throw new Error(`the catalog did not read ${APP}: ${core.catalog.problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`);
    const roles = (minion.services ?? []).map((s) => `${s.service}:${s.role}`).sort();
    if (roles.length !== SERVICES || !roles.includes('migrate:job')) throw new Error(`${APP} read as ${roles.join(' ')}`);
    // the keys added for the stack change nothing Summoner runs: the catalog says it ignores each of them
    const deployNotes = (core.catalog.notes ?? []).filter((n) => /^services\.[^.]+\.deploy\./.test(n.key));
    const honoured = deployNotes.filter((n) => !n.message.startsWith('ignored'));
    if (!deployNotes.length || honoured.length) say(`warning: Summoner's reading of the deploy keys: ${deployNotes.map((n) => `${n.key}: ${n.message}`).join('; ') || 'no note'}`);
    say(`Docker CLI ${cliVersion}; manager ${engineInfo.version} (API ${engineInfo.apiVersion}), ${nodes.size} nodes; files in ${dir}`);

    const summonRun = async (_i: number): Promise<void> => {
      let t0 = performance.now();
      // BENCH_STEPS=1: each progress step with its time since the call (stderr), to see where a summon waits
      const steps = process.env.BENCH_STEPS === '1' ? { step: (text: string) => process.stderr.write(`  ${since(t0).toFixed(2)} s ${text}\n`) } : nothing;
      const r = await core.services.summon(APP, undefined, steps);
      if (r.status !== 'summoned') throw new Error(`summon said ${r.status}`);
      await waitReady('Summoner', summonerSel);
      summon.push(since(t0));
      if (summon.length === 1) say(`Summoner's services: ${placement}`);
      t0 = performance.now();
      await core.services.dismiss(APP, { purge: false }, nothing);
      await waitGone('Summoner', summonerSel);
      dismiss.push(since(t0));
      // a fresh start each run, as the stack's new volumes
      for (const r0 of [config.dataRoot, config.dbRoot]) fs.rmSync(path.join(r0, APP), { recursive: true, force: true });
    };
    const stackRun = async (i: number): Promise<void> => {
      const stack = `${id}st${i}`;
      stacks.add(stack);
      let t0 = performance.now();
      await docker('stack', 'deploy', '--compose-file', stackFile, '--resolve-image', 'never', '--detach=true', stack);
      stackCli.push(since(t0));
      await waitReady(`stack ${stack}`, { [STACK_LABEL]: stack });
      stackUp.push(since(t0));
      if (stackUp.length === 1) say(`the stack's services: ${placement}`);
      t0 = performance.now();
      // its own exit status is not the end point: it may fail to remove a network a task still holds
      await docker('stack', 'rm', stack).catch((err: unknown) => say(`docker stack rm ${stack}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
      await waitGone(`stack ${stack}`, { [STACK_LABEL]: stack });
      stackRm.push(since(t0));
      await removeStackVolumes(stack);
      stacks.delete(stack);
    };

    // the stack again, its waves one after another, each waited for as the summon waits for its gates
    const orderedRun = async (i: number): Promise<void> => {
      const stack = `${id}so${i}`;
      stacks.add(stack);
      const t0 = performance.now();
      for (const [w, wave] of waveFiles.entries()) {
        await docker('stack', 'deploy', '--compose-file', wave.file, '--resolve-image', 'never', '--detach=true', stack);
        await waitReady(`stack ${stack}, wave ${w + 1}`, { [STACK_LABEL]: stack }, wave.services);
      }
      ordered.push(since(t0));
      await docker('stack', 'rm', stack).catch((err: unknown) => say(`docker stack rm ${stack}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
      await waitGone(`stack ${stack}`, { [STACK_LABEL]: stack });
      await removeStackVolumes(stack);
      stacks.delete(stack);
    };

    const sides = [summonRun, stackRun, orderedRun];
    for (let i = 0; i < N; i++) {
      // rotate which side goes first: whatever the first one warms (or leaves behind) hits each in turn
      for (let k = 0; k < sides.length; k++) await sides[(i + k) % sides.length]!(i);
      say(`run ${i + 1}/${N}: summon ${summon.at(-1)!.toFixed(2)} s (dismiss ${dismiss.at(-1)!.toFixed(2)} s), docker stack deploy ${stackUp.at(-1)!.toFixed(2)} s (CLI returned after ${stackCli.at(-1)!.toFixed(2)} s; stack rm ${stackRm.at(-1)!.toFixed(2)} s), the stack in ${waveFiles.length} waves ${ordered.at(-1)!.toFixed(2)} s; load ${os.loadavg()[0]!.toFixed(1)}`);
    }
  } finally {
    await cleanup();
  }

  const r = (x: number, d = 3) => Number(x.toFixed(d));
  const s = median(summon);
  const c = median(stackUp);
  console.log(`five services on three nodes, until every service is healthy (median of ${N}): summon ${r(s)} s, docker stack deploy ${r(c)} s (aim: ratio <= 1.2)`);
  console.log(`the same stack in ${waveFiles.length} waves, depends_on order, each waited for: ${r(median(ordered))} s (summon / that: ${r(s / median(ordered))})`);
  console.log(`teardown until nothing is left: dismiss ${r(median(dismiss))} s, docker stack rm ${r(median(stackRm))} s`);
  console.log(
    JSON.stringify({
      runs: N,
      summon_s: r(s),
      stack_deploy_s: r(c),
      ratio: r(s / c),
      summon_runs_s: summon.map((x) => r(x, 2)),
      stack_deploy_runs_s: stackUp.map((x) => r(x, 2)),
      stack_cli_s: r(median(stackCli)),
      dismiss_s: r(median(dismiss)),
      stack_rm_s: r(median(stackRm)),
      // the stack deployed wave by wave in depends_on order, each wave waited for: the same gates by hand
      stack_ordered_s: r(median(ordered)),
      ratio_to_ordered: r(s / median(ordered)),
      stack_ordered_runs_s: ordered.map((x) => r(x, 2)),
      // 1-minute load average at the start and the end
      loadavg: [r(load0, 1), r(os.loadavg()[0]!, 1)],
    }),
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
