// Swarm mode against real engines: the same test minions summoned as services on the three-node Swarm of
// scripts/docker/swarm-nodes.sh (Summoner talks to the nested manager's API; the shared host engine never
// enters swarm mode), found again, checked from the host and from inside, restarted, updated, rolled back,
// refused clearly when they cannot run, and dismissed with their services, secrets and networks gone and
// their data kept. Unique domain per run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  execIn,
  gatewayAddress,
  httpGet,
  inspectAnyNetwork,
  inspectService,
  listSecrets,
  listServices,
  listTasks,
  removeNetwork,
  selector,
  updateService,
  type ServiceInfo,
  type SwarmTaskSpec,
} from '../src/core/engine/index.js';
import { loadSecrets } from '../src/core/secrets.js';
import type { CoreServices } from '../src/core/services.js';
import { createSwarmServices, effectiveOf, hashSwarmSpec, SECRET_LABEL, secretName, serviceSpecOf, swarmName } from '../src/core/swarm/index.js';
import { probe } from '../src/core/swarm/health.js';
import { LABEL, type Minion } from '../src/core/types.js';
import {
  RecordingReporter,
  SOCKET,
  catalogOf,
  engineAvailable,
  handPlan,
  silentLog,
  webDbMinion,
  webMinion,
  type TestEnv,
} from './helpers/docker.js';
import { NODES, makeSwarmEnv, nodeNames, swarmNodesAvailable } from './helpers/swarm-nodes.js';
import { createEngine } from '../src/core/engine/index.js';

const run = engineAvailable() && swarmNodesAvailable() ? describe : describe.skip;

describe('swarm: names and service specs (no engine)', () => {
  it('service and network names are DNS name components of at most 63 characters', () => {
    const ok = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
    expect(swarmName('wekan-example.org')).toBe('wekan-example-org');
    expect(swarmName('mariadb-wekan-chat.example.org')).toBe('mariadb-wekan-chat-example-org');
    expect(swarmName('summoner-proxy')).toBe('summoner-proxy');
    const long = `mariadb-nextcloud-${'very-long-subdomain.'.repeat(4)}example.org`;
    const a = swarmName(long);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).toMatch(ok);
    expect(swarmName(long)).toBe(a); // stable
    expect(swarmName(long.replace('nextcloud', 'nextclouc'))).not.toBe(a);
  });

  it('secret names: <app>-<domain>-<VAR>-<hash8>, a new name for a new value, at most 64 characters', () => {
    const n = secretName('wekan', 'example.org', 'DB_PASSWORD', 'pw-one');
    expect(n).toMatch(/^wekan-example\.org-DB_PASSWORD-[0-9a-f]{8}$/);
    expect(secretName('wekan', 'example.org', 'DB_PASSWORD', 'pw-one')).toBe(n);
    expect(secretName('wekan', 'example.org', 'DB_PASSWORD', 'pw-two')).not.toBe(n);
    expect(n).not.toContain('pw-one');
    const long = secretName('nextcloud', `${'sub.'.repeat(15)}example.org`, 'DB_ROOT_PASSWORD', 'x');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/);
  });

  it('a ContainerPlan becomes a service spec: entrypoint/command, aliases off the proxy network, secrets, placement, dnsrr', () => {
    const { spec, hash } = serviceSpecOf({
      container: {
        name: 'mariadb-wekan-example.org',
        role: 'db',
        image: 'mariadb:10.11',
        env: { MARIADB_PASSWORD: 'secret-value' },
        entrypoint: ['/entry'],
        command: ['--flag'],
        mounts: [{ source: '/srv/db/wekan/mysql', target: '/var/lib/mysql', readOnly: false }],
        ports: [{ host: 3307, container: 3306, protocol: 'tcp' }],
        networks: ['summoner-proxy', 'summoner-wekan-example.org'],
        aliases: ['db'],
        labels: { [LABEL.app]: 'wekan', [LABEL.role]: 'db' },
        health: { timeoutS: 1, intervalS: 1 },
      },
      proxyNetwork: 'summoner-proxy',
      secrets: [{ variable: 'DB_PASSWORD', name: 'wekan-example.org-DB_PASSWORD-12345678', id: 'sid' }],
      nodeId: 'node1',
    });
    const tt = spec.TaskTemplate as SwarmTaskSpec;
    const cs = tt.ContainerSpec!;
    expect(spec.Name).toBe('mariadb-wekan-example-org');
    expect(cs).toMatchObject({ Image: 'mariadb:10.11', Command: ['/entry'], Args: ['--flag'], Env: ['MARIADB_PASSWORD=secret-value'] });
    expect(cs.Secrets).toEqual([{ SecretID: 'sid', SecretName: 'wekan-example.org-DB_PASSWORD-12345678', File: { Name: 'DB_PASSWORD', UID: '0', GID: '0', Mode: 0o444 } }]);
    expect(tt.Networks).toEqual([{ Target: 'summoner-proxy' }, { Target: 'summoner-wekan-example-org', Aliases: ['db'] }]);
    expect(tt.Placement).toEqual({ Constraints: ['node.id==node1'] });
    expect(spec.EndpointSpec).toEqual({ Mode: 'dnsrr', Ports: [{ Protocol: 'tcp', TargetPort: 3306, PublishedPort: 3307, PublishMode: 'host' }] });
    expect(spec.Labels![LABEL.config]).toBe(hash);
    expect(cs.Labels).toEqual(spec.Labels);
    // the hash is the same computed back from the spec (labels included), and names no value
    expect(hashSwarmSpec(effectiveOf(spec))).toBe(hash);
    expect(JSON.stringify(effectiveOf(spec).labels)).not.toContain('secret-value');
  });
});

describe('swarm: jobs, task health and placement in the spec (no engine)', () => {
  const base = {
    name: 'app-job-example.org',
    image: 'summoner-test/web:1.0',
    env: {},
    ports: [],
    networks: ['summoner-app-example.org'],
    aliases: ['migrate'],
    labels: { [LABEL.app]: 'app' },
  };
  it('a job is a ReplicatedJob that is never restarted, and has no update policy', () => {
    const { spec } = serviceSpecOf({
      container: { ...base, role: 'job', oneShot: true, mounts: [{ source: '/srv/data/app/files', target: '/data', readOnly: false }], health: { timeoutS: 60, intervalS: 1 } },
      proxyNetwork: 'summoner-proxy',
      secrets: [],
      nodeId: 'node1',
    });
    expect(spec.Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } });
    expect(spec.UpdateConfig).toBeUndefined();
    const tt = spec.TaskTemplate as SwarmTaskSpec;
    expect(tt.RestartPolicy).toEqual({ Condition: 'none' });
    expect(tt.ContainerSpec!.HealthCheck).toBeUndefined();
    expect(tt.Placement).toEqual({ Constraints: ['node.id==node1'] });
  });
  it('an exec check becomes the HEALTHCHECK; a stateless service with one may run on any node', () => {
    const { spec } = serviceSpecOf({
      container: { ...base, name: 'app-cache-example.org', role: 'cache', mounts: [], health: { exec: ['/bin/busybox', 'wget', '-q', 'http://127.0.0.1:6379/'], timeoutS: 30, intervalS: 0.5 } },
      proxyNetwork: 'summoner-proxy',
      secrets: [],
      nodeId: 'node1',
    });
    const tt = spec.TaskTemplate as SwarmTaskSpec;
    expect(tt.ContainerSpec!.HealthCheck).toEqual({ Test: ['CMD', '/bin/busybox', 'wget', '-q', 'http://127.0.0.1:6379/'], Interval: 1e9, Timeout: 10e9, StartPeriod: 30e9, Retries: 3 });
    expect(tt.Placement).toBeUndefined();
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(tt.RestartPolicy?.Condition).toBe('any');
  });
  it('an HTTP check (run from the manager) pins a stateless service to the manager; the image\'s own HEALTHCHECK only gets patience', () => {
    const { spec } = serviceSpecOf({
      container: { ...base, name: 'app-example.org', role: 'app', mounts: [], health: { http: { path: '/health', port: 8080 }, timeoutS: 30, intervalS: 1 } },
      proxyNetwork: 'summoner-proxy',
      secrets: [],
      nodeId: 'node1',
    });
    const tt = spec.TaskTemplate as SwarmTaskSpec;
    expect(tt.Placement).toEqual({ Constraints: ['node.id==node1'] });
    // no Test: the image's check is inherited (none if it has none), with the plan's start period and a 10 s timeout
    expect(tt.ContainerSpec!.HealthCheck).toEqual({ Timeout: 10e9, StartPeriod: 30e9 });
  });
});

// the test images as they are: swarm-nodes.sh loads them into every node, whose executor uses local images
const WEB_IMAGE = 'summoner-test/web';
const DB_IMAGE = 'summoner-test/mariadb';
// no node reaches a registry at its own 127.0.0.1:5000: a pull of this repository fails at once
const NOWHERE_IMAGE = '127.0.0.1:5000/summoner/web';

const containerSpec = (s: ServiceInfo) => (s.spec.TaskTemplate as SwarmTaskSpec).ContainerSpec!;

run('swarm: minions as services on the three-node swarm', () => {
  let env: TestEnv;
  let services: CoreServices;
  const t0 = Date.now();
  const web = webMinion('web');
  const webdb = webDbMinion('webdb');
  // the crash image (prints to stderr, exits 1): run as it is, without the test command
  const { command: _command, ...plainWeb } = webMinion().web;
  const broken = webMinion('broken', { web: { ...plainWeb, image: 'summoner-test/crash', tag: '1.0' } });
  const missing: Minion = webMinion('missing', { web: { ...webMinion().web, image: NOWHERE_IMAGE, tag: '9.9-nothere' } });
  const log = silentLog();
  const make = (config = env.config) =>
    createSwarmServices({ config, engine: env.engine, catalog: catalogOf(web, webdb, broken, missing), planDeploy: handPlan, secretsDir: env.secretsDir, log });
  const svc = (app: string) => swarmName(`${app}-${env.domain}`);
  const dbSvc = (app: string) => swarmName(`mariadb-${app}-${env.domain}`);
  const privNet = (app: string) => swarmName(`summoner-${app}-${env.domain}`);
  const runningTaskOf = async (name: string) => {
    const s = (await inspectService(env.engine, name))!;
    const t = (await listTasks(env.engine, s.id)).find((x) => x.state === 'running' && x.desiredState === 'running');
    return t!;
  };

  beforeAll(() => {
    env = makeSwarmEnv('swm');
    services = make();
  });

  afterAll(async () => {
    if (!env) return;
    await env.cleanup();
    console.log(`swarm tests: ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
  }, 120_000);

  it('runs on the nested manager of three Ready nodes; the shared host engine is not in swarm mode', async () => {
    const host = createEngine({ socket: SOCKET });
    expect(((await host.docker.info()).Swarm as { LocalNodeState?: string }).LocalNodeState).toBe('inactive');
    const nodes = (await env.engine.docker.listNodes()) as { Description?: { Hostname?: string }; Status?: { State?: string }; Spec?: { Role?: string } }[];
    expect(nodes.map((n) => [n.Description?.Hostname, n.Spec?.Role, n.Status?.State]).sort()).toEqual([
      ['manager', 'manager', 'ready'],
      ['worker1', 'worker', 'ready'],
      ['worker2', 'worker', 'ready'],
    ]);
    expect([...(await nodeNames(env.engine)).values()].sort()).toEqual([...NODES]);
  }, 30_000);

  it('summons the test web app as a labelled service on overlays, healthy from the host and from inside', async () => {
    const r = new RecordingReporter();
    const started = Date.now();
    const res = await services.summon('web', undefined, r);
    const ms = Date.now() - started;
    expect(res).toMatchObject({ status: 'summoned', app: 'web', version: '1.0', url: `https://web.${env.domain}`, containers: [svc('web')] });
    expect(r.steps).toContain('pre-flight checks');
    expect(r.steps).toContain(`creating service ${svc('web')}`);
    expect(r.steps.at(-1)).toBe(`web is ready at https://web.${env.domain}`);
    console.log(`summon web as a service: ${ms} ms`);

    // Swarm-safe name: no dots in service names
    expect(svc('web')).toBe(`web-${env.domain.replace(/\./g, '-')}`);
    const s = (await inspectService(env.engine, svc('web')))!;
    const want = {
      [LABEL.app]: 'web',
      [LABEL.role]: 'app',
      [LABEL.domain]: env.domain,
      [LABEL.version]: '1.0',
      [LABEL.digest]: web.digest,
      [LABEL.managed]: 'true',
    };
    expect(s.labels).toMatchObject(want);
    expect(containerSpec(s).Labels).toMatchObject(want);
    expect(s.labels[LABEL.config]).toMatch(/^[0-9a-f]{16}$/);
    expect(s.spec.EndpointSpec?.Mode).toBe('dnsrr');
    expect(s.spec.Mode?.Replicated?.Replicas).toBe(1);
    expect(containerSpec(s).Image).toBe(`${WEB_IMAGE}:1.0`);

    // the proxy network is an attachable overlay
    const proxy = (await inspectAnyNetwork(env.engine, env.config.engine.proxyNetwork))!;
    expect(proxy).toMatchObject({ driver: 'overlay', scope: 'swarm', attachable: true, internal: false });

    // one task, running, its container labelled like the service
    const t = await runningTaskOf(svc('web'));
    expect(t.containerId).toBeTruthy();
    const c = await env.engine.docker.getContainer(t.containerId!).inspect();
    expect(c.Config.Labels).toMatchObject(want);
    expect(Object.keys(c.NetworkSettings.Networks)).toContain(env.config.engine.proxyNetwork);

    // /health from the host (docker_gwbridge address) and from inside the task container
    const ip = await gatewayAddress(env.engine, t.containerId!);
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const page = await httpGet(`http://${ip}:8080/health`, 3000);
    expect(page).toMatchObject({ status: 200 });
    expect(page.body.trim()).toBe('ok');
    const inside = await execIn(env.engine, t.containerId!, ['busybox', 'timeout', '5', 'wget', '-q', '-O', '-', 'http://127.0.0.1:8080/version']);
    expect(inside.exitCode).toBe(0);
    expect(inside.stdout.trim()).toBe('1.0');
    // and by its service name on the overlay (DNS round robin)
    const byName = await execIn(env.engine, t.containerId!, ['busybox', 'timeout', '5', 'wget', '-q', '-O', '-', `http://${svc('web')}:8080/health`]);
    expect(byName.stdout.trim()).toBe('ok');

    // the data folder is bind mounted
    expect(fs.existsSync(path.join(env.config.dataRoot, 'web', 'files'))).toBe(true);
    expect(c.Mounts.map((m) => [m.Type, m.Source])).toEqual([['bind', path.join(env.config.dataRoot, 'web', 'files')]]);

    // the generated secret: a labelled Docker secret, mounted as a file, and still in the environment
    const secrets = await loadSecrets(env.secretsDir, 'web');
    const dockerSecrets = await listSecrets(env.engine, selector(env.domain, 'web'));
    expect(dockerSecrets.map((x) => x.name)).toEqual([secretName('web', env.domain, 'DB_PASSWORD', secrets.DB_PASSWORD!)]);
    expect(dockerSecrets[0]!.name).toMatch(new RegExp(`^web-${env.domain.replace(/\./g, '\\.')}-DB_PASSWORD-[0-9a-f]{8}$`));
    expect(dockerSecrets[0]!.labels[SECRET_LABEL]).toBe('DB_PASSWORD');
    const file = await execIn(env.engine, t.containerId!, ['cat', '/run/secrets/DB_PASSWORD']);
    expect(file.stdout).toBe(secrets.DB_PASSWORD);
    expect(c.Config.Env).toContain(`DB_PASSWORD=${secrets.DB_PASSWORD}`);
    for (const v of Object.values(secrets)) {
      expect(r.text()).not.toContain(v);
      expect(JSON.stringify(log.lines)).not.toContain(v);
    }
  }, 300_000);

  it('a second summon says it is already there', async () => {
    const res = await services.summon('web', undefined, new RecordingReporter());
    expect(res).toMatchObject({ status: 'already', app: 'web', version: '1.0', url: `https://web.${env.domain}` });
  }, 30_000);

  it('status reads the service by its labels: running, healthy, not drifted', async () => {
    const [s, ...rest] = await services.status();
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ app: 'web', domain: env.domain, state: 'running', health: 'healthy', version: '1.0', url: `https://web.${env.domain}`, restarts: 0, drifted: false, catalogChanged: false });
    expect(s!.uptimeS).toBeGreaterThanOrEqual(0);
    expect(s!.containers).toHaveLength(1);
    expect(s!.containers[0]).toMatchObject({ name: svc('web'), role: 'app', image: `${WEB_IMAGE}:1.0`, state: 'running', health: 'healthy', restarts: 0, drifted: false });
    await expect(services.status('nothere')).rejects.toMatchObject({ code: 'minion.not_summoned' });
    // a fresh instance (a restarted bot) finds it from labels alone
    const rec = await make().reconcile();
    expect(rec.minions.map((m) => [m.app, m.state, m.version])).toEqual([['web', 'running', '1.0']]);
    expect(rec.drift).toEqual([]);
    const d = await services.describeEngine();
    expect(d).toMatchObject({ swarm: true, swarmManager: true, managed: 1, apps: ['web'] });
  }, 30_000);

  it('logs come from the service, with the secret redacted', async () => {
    const secrets = await loadSecrets(env.secretsDir, 'web');
    const res = await services.logs('web', 20);
    expect(res.container).toBe(svc('web'));
    const text = res.lines.join('\n');
    expect(text).toContain('web starting, db password is [redacted]');
    expect(text).not.toContain(secrets.DB_PASSWORD!);
  }, 30_000);

  it('restart replaces the task (force update) behind the health gate', async () => {
    const before = await runningTaskOf(svc('web'));
    const r = new RecordingReporter();
    await services.restart('web', r);
    const after = await runningTaskOf(svc('web'));
    expect(after.id).not.toBe(before.id);
    expect(after.forceUpdate).toBe(before.forceUpdate + 1);
    expect(r.steps).toEqual([`restarting ${svc('web')}`, `waiting for ${svc('web')} to be healthy`]);
    const [s] = await services.status('web');
    expect(s).toMatchObject({ state: 'running', health: 'healthy', drifted: false });
  }, 240_000);

  it('a hand change of the service is reported as drift, field names only', async () => {
    await updateService(env.engine, svc('web'), (spec) => {
      const cs = (spec.TaskTemplate as SwarmTaskSpec).ContainerSpec!;
      cs.Env = (cs.Env ?? []).map((e) => (e.startsWith('GREETING=') ? 'GREETING=changed-by-hand' : e));
      return spec;
    });
    const rec = await make().reconcile();
    expect(rec.drift).toEqual([{ app: 'web', container: svc('web'), fields: ['env'], reason: 'changed-by-hand' }]);
    expect(JSON.stringify(rec)).not.toContain('changed-by-hand-value');
    const [s] = await services.status('web');
    expect(s!.drifted).toBe(true);
    // put it back the way Summoner made it (a restart on the same generation keeps the task gate simple)
    await updateService(env.engine, svc('web'), (spec) => {
      const cs = (spec.TaskTemplate as SwarmTaskSpec).ContainerSpec!;
      cs.Env = (cs.Env ?? []).map((e) => (e.startsWith('GREETING=') ? 'GREETING=hello' : e));
      return spec;
    });
    expect((await make().reconcile()).drift).toEqual([]);
  }, 60_000);

  it('update to 1.1 then rollback to 1.0, each behind the gate (the update starts while a hand rollout is under way)', async () => {
    // a scale to 0 written while Swarm's updater still replaces the task raced it once in CI (the new task was left
    // wanted running for two minutes): the update waits for the rollout, here one it sees under way
    await updateService(env.engine, svc('web'), (spec) => spec, { force: true });
    await vi.waitFor(async () => expect((await inspectService(env.engine, svc('web')))!.updateState).toBe('updating'), { timeout: 30_000, interval: 100 });
    const up = await services.update('web', '1.1', { force: false }, new RecordingReporter());
    expect(up).toMatchObject({ status: 'updated', from: '1.0', to: '1.1' });
    let t = await runningTaskOf(svc('web'));
    let v = await execIn(env.engine, t.containerId!, ['busybox', 'timeout', '5', 'wget', '-q', '-O', '-', 'http://127.0.0.1:8080/version']);
    expect(v.stdout.trim()).toBe('1.1');
    expect((await services.status('web'))[0]).toMatchObject({ version: '1.1', state: 'running', health: 'healthy' });
    // one task wanted running, the new one: none of the hand rollout's was left behind
    const wanted = (await listTasks(env.engine, (await inspectService(env.engine, svc('web')))!.id)).filter((x) => x.desiredState === 'running');
    expect(wanted.map((x) => x.id)).toEqual([t.id]);

    const back = await services.rollback('web', new RecordingReporter());
    expect(back).toMatchObject({ from: '1.1', to: '1.0' });
    t = await runningTaskOf(svc('web'));
    v = await execIn(env.engine, t.containerId!, ['busybox', 'timeout', '5', 'wget', '-q', '-O', '-', 'http://127.0.0.1:8080/version']);
    expect(v.stdout.trim()).toBe('1.0');
    expect((await services.status('web'))[0]).toMatchObject({ version: '1.0', state: 'running', health: 'healthy', drifted: false });
  }, 400_000);

  it('web + mariadb: two services, the db on an internal overlay with its alias, db first', async () => {
    const r = new RecordingReporter();
    const started = Date.now();
    const res = await services.summon('webdb', undefined, r);
    console.log(`summon web+mariadb as services: ${Date.now() - started} ms`);
    expect(res).toMatchObject({ status: 'summoned', containers: [dbSvc('webdb'), svc('webdb')] });
    expect(r.steps.indexOf(`creating service ${dbSvc('webdb')}`)).toBeLessThan(r.steps.indexOf(`creating service ${svc('webdb')}`));

    const priv = (await inspectAnyNetwork(env.engine, privNet('webdb')))!;
    expect(priv).toMatchObject({ driver: 'overlay', internal: true, attachable: true });
    expect(priv.labels[LABEL.app]).toBe('webdb');

    const db = (await inspectService(env.engine, dbSvc('webdb')))!;
    expect(db.labels).toMatchObject({ [LABEL.app]: 'webdb', [LABEL.role]: 'db', [LABEL.version]: '10.11' });
    expect(containerSpec(db).Image).toBe(`${DB_IMAGE}:10.11`);
    const nets = (db.spec.TaskTemplate as SwarmTaskSpec).Networks!;
    expect(nets).toHaveLength(1);
    expect(nets[0]!.Aliases).toEqual(['db']);
    // the db's data folder is bind mounted and filled
    expect(fs.existsSync(path.join(env.config.dbRoot, 'webdb', 'mysql', 'mysql'))).toBe(true);

    // the app reaches the database by its alias over the internal overlay
    const appTask = await runningTaskOf(svc('webdb'));
    const dns = await execIn(env.engine, appTask.containerId!, ['busybox', 'nslookup', 'db']);
    expect(dns.exitCode).toBe(0);
    // the server's greeting, read by the app over the internal overlay (busybox nc has no -z)
    const tcp = await execIn(env.engine, appTask.containerId!, ['sh', '-c', 'busybox timeout 5 busybox nc db 3306 </dev/null | busybox strings | busybox head -1']);
    expect(tcp.stdout).toMatch(/10\.11\.\d+-MariaDB/);
    // the db has both passwords as files and still as env
    const secrets = await loadSecrets(env.secretsDir, 'webdb');
    const dbTask = await runningTaskOf(dbSvc('webdb'));
    const files = await execIn(env.engine, dbTask.containerId!, ['sh', '-c', 'cat /run/secrets/DB_PASSWORD; echo; cat /run/secrets/DB_ROOT_PASSWORD']);
    expect(files.stdout.split('\n')).toEqual([secrets.DB_PASSWORD, secrets.DB_ROOT_PASSWORD]);
    // a task on internal networks only has no docker_gwbridge address: an HTTP check runs inside it, and an
    // image with neither wget nor curl says so (exec checks, like this db's, need no tools)
    expect(await gatewayAddress(env.engine, dbTask.containerId!)).toBeUndefined();
    const inside = await probe(env.engine, dbTask, { http: { path: '/', port: 3306 }, timeoutS: 5, intervalS: 1 }, 3000);
    expect(inside).toMatchObject({ ok: false, target: 'inside' });
    expect(inside.reason).toMatch(/no wget or curl/);
    const query = await execIn(env.engine, dbTask.containerId!, ['sh', '-c', 'mariadb -h127.0.0.1 -uapp -p"$(cat /run/secrets/DB_PASSWORD)" app -N -e "select 41+1"']);
    expect(query.stdout.trim()).toBe('42');

    const [s] = await services.status('webdb');
    expect(s).toMatchObject({ state: 'running', health: 'healthy', drifted: false });
    expect(s!.containers.map((c) => c.role)).toEqual(['db', 'app']);
    expect((await services.summon('webdb', undefined, new RecordingReporter())).status).toBe('already');
  }, 400_000);

  it('a task that fails to start: swarm.task_failed, and nothing of it is left', async () => {
    const r = new RecordingReporter();
    const err = await services.summon('broken', undefined, r).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'swarm.task_failed' });
    expect((err as Error).message).toContain(svc('broken'));
    expect((err as Error).message).toMatch(/non-zero exit \(1\)/);
    expect(r.steps).toContain('broken failed; removing what was created (data kept)');
    expect(await listServices(env.engine, selector(env.domain, 'broken'))).toEqual([]);
    expect(await listSecrets(env.engine, selector(env.domain, 'broken'))).toEqual([]);
    expect(await inspectService(env.engine, svc('broken'))).toBeUndefined();
  }, 300_000);

  it('a missing image: image.missing before anything is created', async () => {
    await expect(services.summon('missing', undefined, new RecordingReporter())).rejects.toMatchObject({ code: 'image.missing' });
    expect(await listServices(env.engine, selector(env.domain, 'missing'))).toEqual([]);
    expect(await listSecrets(env.engine, selector(env.domain, 'missing'))).toEqual([]);
  }, 60_000);

  it('a bridge of the proxy network\'s name (left from standalone) is a clear error, nothing created', async () => {
    const bridge = `summoner-proxybr-${env.id}`;
    await env.engine.docker.createNetwork({ Name: bridge, Driver: 'bridge', Labels: selector(env.domain) });
    try {
      const other = make({ ...env.config, engine: { ...env.config.engine, proxyNetwork: bridge } });
      const err = await other.summon('broken', undefined, new RecordingReporter()).then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'swarm.network_conflict' });
      expect((err as { hint?: string }).hint).toContain(`docker network rm ${bridge}`);
      expect(await listServices(env.engine, selector(env.domain, 'broken'))).toEqual([]);
    } finally {
      await removeNetwork(env.engine, bridge);
    }
  }, 30_000);

  it('dismiss removes services, secrets and private networks, and keeps the data (--purge: after a cold copy)', async () => {
    fs.writeFileSync(path.join(env.config.dataRoot, 'webdb', 'files', 'note.txt'), 'keep me');
    const r = new RecordingReporter();
    const res = await services.dismiss('webdb', { purge: false }, r);
    expect(res.removed).toEqual([svc('webdb'), dbSvc('webdb')]);
    expect(res.networks).toEqual([privNet('webdb')]);
    expect(r.steps.indexOf(`stopping ${svc('webdb')}`)).toBeLessThan(r.steps.indexOf(`stopping ${dbSvc('webdb')}`));
    expect(await listServices(env.engine, selector(env.domain, 'webdb'))).toEqual([]);
    expect(await listSecrets(env.engine, selector(env.domain, 'webdb'))).toEqual([]);
    expect(await inspectAnyNetwork(env.engine, privNet('webdb'))).toBeUndefined();
    expect(await env.engine.docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=webdb`, `${LABEL.domain}=${env.domain}`] } })).toEqual([]);
    expect(fs.readFileSync(path.join(env.config.dataRoot, 'webdb', 'files', 'note.txt'), 'utf8')).toBe('keep me');
    expect(fs.existsSync(path.join(env.config.dbRoot, 'webdb', 'mysql', 'mysql'))).toBe(true);
    expect(fs.existsSync(path.join(env.secretsDir, 'webdb.json'))).toBe(true);

    // --purge: services scaled to 0, a cold copy, then the data and the secrets file go
    fs.writeFileSync(path.join(env.config.dataRoot, 'web', 'files', 'note.txt'), 'backed up');
    const rp = new RecordingReporter();
    const res2 = await services.dismiss('web', { purge: true }, rp);
    expect(res2).toMatchObject({ removed: [svc('web')], networks: [], purged: true });
    expect(res2.backup?.file).toMatch(new RegExp(`^${env.config.backupRoot}/web/web-\\d{8}T\\d{6}Z-cold\\.tar\\.gz$`));
    expect(fs.existsSync(res2.backup!.file)).toBe(true);
    expect(rp.steps.indexOf('final backup of web before deleting its data')).toBeLessThan(rp.steps.indexOf("deleting web's data"));
    expect(fs.existsSync(path.join(env.config.dataRoot, 'web'))).toBe(false);
    expect(fs.existsSync(path.join(env.secretsDir, 'web.json'))).toBe(false);
    expect(await listServices(env.engine, selector(env.domain))).toEqual([]);
    expect(await listSecrets(env.engine, selector(env.domain))).toEqual([]);
    // the shared proxy overlay stays (the proxy lives on it)
    expect(await inspectAnyNetwork(env.engine, env.config.engine.proxyNetwork)).toBeDefined();
    await expect(services.dismiss('web', { purge: false }, r)).rejects.toMatchObject({ code: 'minion.not_summoned' });
    await expect(services.status('web')).rejects.toMatchObject({ code: 'minion.not_summoned' });
    // (past each scale to 0's own two-minute bound, so that its error, which says where the task is, is what fails)
  }, 300_000);
});
