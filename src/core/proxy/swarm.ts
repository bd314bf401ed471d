// The managed proxy on a Swarm: Summoner's nginx as a global service `proxy-<domain>` (one task per node), its
// ports published in host mode on every node (the routing mesh needs IPVS, which not every host has), joined to
// the proxy overlay where the minions' web services are. Its configuration is a set of Docker configs (the
// certificates' keys Docker secrets), so every node gets the same files wherever its task runs.
// Every change: render → `nginx -t` on the files in a throw-away container (check.ts) → configs created →
// service updated (rolled node by node, rolled back by Swarm if a task fails) → confirmed on each node's port
// by the set's id. A set nginx refuses is never rolled out: the service keeps its spec, the nodes their nginx.
// Upstreams are service names resolved per request (render.ts `upstreams: 'dns'`): a task that moves needs no
// new configuration. HTTP-01 answers are part of the set (nothing on one node's disk reaches the others).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError } from '../../errors.js';
import { assertChallenge, type ChallengeBoard } from '../challenges.js';
import {
  createService,
  ensureConfig,
  ensureImage,
  ensureOverlayNetwork,
  ensureSecret,
  inspectService,
  listConfigs,
  listNodes,
  listSecrets,
  isRunningTask,
  listTasks,
  removeConfig,
  removeSecret,
  updateService,
  type SwarmContainerSpec,
  type SwarmServiceSpec,
} from '../engine/index.js';
import { plainGet, type ReachAddress } from '../http-probe.js';
import { swarmName } from '../swarm/names.js';
import { LABEL } from '../types.js';
import { checkInContainer } from './check.js';
import { CURRENT, GENERATION_PATH, IN_PROXY, renderSet, withGeneration } from './render.js';
import { SiteBook, type ApplyResult, type ManagedProxy, type ProxyOptions } from './site-book.js';

/** The hash of what the set says (not its id): a bot that starts on an unchanged set rolls nothing out. */
const SET_LABEL = 'summoner.proxy.set';
const DOCKER_DNS = '127.0.0.11';

export interface SwarmProxyOptions extends ProxyOptions {
  /** How long a rollout may take to reach every node. */
  rolloutTimeoutMs?: number;
}

interface SetFile {
  target: string;
  content: string;
  secret: boolean;
}

const hash = (text: string, n = 12) => crypto.createHash('sha256').update(text).digest('hex').slice(0, n);
const ns = 1_000_000_000;

export class SwarmProxy extends SiteBook implements ManagedProxy {
  readonly name: string;
  /** HTTP-01 answers: token → key authorization, served from the set itself. */
  private readonly answers = new Map<string, string>();
  readonly challenges: ChallengeBoard;

  constructor(private readonly o: SwarmProxyOptions) {
    super();
    this.name = swarmName(`proxy-${o.domain}`);
    this.challenges = {
      put: async (token, answer) => {
        assertChallenge(token, answer);
        this.answers.set(token, answer);
        await this.refresh();
      },
      // goes with the next change: a rollout only to stop answering a token would cost every node a restart
      remove: async (token) => void this.answers.delete(token),
    };
  }

  /** Like the one-host proxy container: not an app of the domain (status, recovery and pruning never see it). */
  private get labels(): Record<string, string> {
    return { [LABEL.proxy]: this.o.domain };
  }

  protected async prepare(): Promise<void> {
    await ensureOverlayNetwork(this.o.engine, { name: swarmName(this.o.network), internal: false, labels: { [LABEL.managed]: 'true' } });
    await ensureImage(this.o.engine, this.o.proxy.image, () => undefined);
    await fs.mkdir(this.o.root, { recursive: true, mode: 0o755 });
  }

  /** The nodes that run a task of a global service: ready and active, with the address their ports answer on. */
  private async servingNodes(): Promise<{ id: string; hostname: string; addr: string }[]> {
    return (await listNodes(this.o.engine))
      .filter((n) => n.state === 'ready' && n.availability === 'active' && n.addr)
      .map((n) => ({ id: n.id, hostname: n.hostname, addr: n.addr! }));
  }

  async reachAt(): Promise<ReachAddress[]> {
    return (await this.servingNodes()).map((n) => ({ host: n.addr, port: this.o.proxy.httpPort }));
  }

  async localAddresses(): Promise<string[]> {
    return (await listNodes(this.o.engine)).flatMap((n) => (n.addr ? [n.addr] : []));
  }

  // upstreams are names resolved per request: nothing to follow
  watch(): void {}
  unwatch(): void {}

  async describe(): Promise<string> {
    const svc = await inspectService(this.o.engine, this.name).catch(() => undefined);
    if (!svc) return `proxy ${this.name} not created yet`;
    const nodes = await this.servingNodes();
    const running = new Set((await listTasks(this.o.engine, svc.id)).filter(isRunningTask).map((t) => t.nodeId));
    const up = nodes.filter((n) => running.has(n.id)).map((n) => n.hostname);
    return `proxy ${this.name} on ${up.length}/${nodes.length} node(s)${up.length ? ` (${up.join(', ')})` : ''}${svc.updateState && svc.updateState !== 'completed' ? `, update ${svc.updateState}` : ''}`;
  }

  /** The set's files at their paths in the task: nginx's own (without the set's id yet), and each certificate's chain and key. */
  private async files(): Promise<{ set: Map<string, string>; certs: SetFile[] }> {
    const withCertificate = new Set<string>();
    const certs: SetFile[] = [];
    for (const s of this.sites.values()) {
      const dir = path.join(this.o.certsDir, s.host);
      const [chain, key] = await Promise.all(['fullchain.pem', 'key.pem'].map((f) => fs.readFile(path.join(dir, f), 'utf8').catch(() => undefined)));
      if (!chain || !key) continue;
      withCertificate.add(s.host);
      certs.push({ target: `${IN_PROXY.certs}/${s.host}/fullchain.pem`, content: chain, secret: false });
      certs.push({ target: `${IN_PROXY.certs}/${s.host}/key.pem`, content: key, secret: true });
    }
    const set = renderSet(this.list(), {
      resolver: DOCKER_DNS,
      httpsPort: this.o.proxy.httpsPort,
      withCertificate,
      addresses: new Map(),
      upstreams: 'dns',
      challenges: this.answers,
    });
    return { set, certs };
  }

  protected async applyNow(): Promise<ApplyResult> {
    if (!this.started) throw new SummonerError('proxy.not_started', 'the proxy is not started yet');
    const t0 = performance.now();
    const id = `${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
    const { set, certs } = await this.files();
    // what the set says, without its id: an unchanged set on a service that has it rolls nothing out
    const key = hash(JSON.stringify([[...set], certs]), 16);
    withGeneration(set, id);
    const files = [...[...set].map(([rel, content]) => ({ target: `${IN_PROXY.root}/${CURRENT}/${rel}`, content, secret: false })), ...certs];
    const live = await inspectService(this.o.engine, this.name);
    if (live && live.labels[SET_LABEL] === key && (!live.updateState || live.updateState === 'completed')) {
      return { set: live.labels['summoner.proxy.id'] ?? id, seconds: (performance.now() - t0) / 1000, confirmed: true };
    }
    try {
      await checkInContainer({
        engine: this.o.engine,
        image: this.o.proxy.image,
        files: new Map(files.map((f) => [f.target, f.content])),
        main: `${IN_PROXY.root}/${CURRENT}/nginx.conf`,
        scratch: this.o.root,
        labels: this.labels,
      });
    } catch (err) {
      this.o.log.warn({ why: (err as Error).message }, 'nginx refused a configuration; the nodes keep serving the previous one');
      throw err;
    }
    const spec = await this.spec(files, { key, id });
    if (live) await updateService(this.o.engine, this.name, (cur) => ({ ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: (cur.TaskTemplate as { ForceUpdate?: number }).ForceUpdate ?? 0 } }));
    else await createService(this.o.engine, spec);
    const confirmed = await this.waitServing(id);
    await this.prune();
    const seconds = (performance.now() - t0) / 1000;
    this.o.log.info({ set: id, sites: this.sites.size, ms: Math.round(seconds * 1000), confirmed }, 'proxy configuration rolled out');
    return { set: id, seconds, confirmed };
  }

  /** The service for this set: its files as configs and secrets (created now, named by content). */
  private async spec(files: SetFile[], set: { key: string; id: string }): Promise<SwarmServiceSpec> {
    const { engine } = this.o;
    const labels = { ...this.labels, [SET_LABEL]: set.key, 'summoner.proxy.id': set.id };
    const configs: NonNullable<SwarmContainerSpec['Configs']> = [];
    const secrets: NonNullable<SwarmContainerSpec['Secrets']> = [];
    for (const f of files) {
      // names hold a hash of path and content: a changed file is a new object, the old one stays for a rollback
      const name = `${this.name.slice(0, 40)}-${hash(`${f.target}\0${f.content}`)}`;
      if (f.secret) {
        const { info } = await ensureSecret(engine, name, f.content, this.labels);
        secrets.push({ SecretID: info.id, SecretName: name, File: { Name: f.target, UID: '0', GID: '0', Mode: 0o400 } });
      } else {
        const { info } = await ensureConfig(engine, name, f.content, this.labels);
        configs.push({ ConfigID: info.id, ConfigName: name, File: { Name: f.target, UID: '0', GID: '0', Mode: 0o444 } });
      }
    }
    const p = this.o.proxy;
    const container: SwarmContainerSpec = {
      Image: p.image,
      Command: ['nginx', '-c', `${IN_PROXY.root}/${CURRENT}/nginx.conf`, '-g', 'daemon off;'],
      Labels: labels,
      Configs: configs,
      ...(secrets.length ? { Secrets: secrets } : {}),
      // SIGQUIT: nginx finishes the requests in flight before it stops
      StopSignal: 'SIGQUIT',
      StopGracePeriod: 10 * ns,
    };
    const rolling = { Parallelism: 1, Delay: 0, Order: 'stop-first', Monitor: 2 * ns };
    return {
      Name: this.name,
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: container,
        Networks: [{ Target: swarmName(this.o.network) }],
        RestartPolicy: { Condition: 'any', Delay: 2 * ns, MaxAttempts: 0 },
      },
      Mode: { Global: {} },
      // one node at a time (the others keep serving); host ports cannot be held by two tasks, so stop first
      UpdateConfig: { ...rolling, FailureAction: 'rollback' },
      RollbackConfig: { ...rolling, FailureAction: 'pause' },
      EndpointSpec: {
        Mode: 'dnsrr',
        Ports: [
          { Protocol: 'tcp', TargetPort: 80, PublishedPort: p.httpPort, PublishMode: 'host' },
          { Protocol: 'tcp', TargetPort: 443, PublishedPort: p.httpsPort, PublishMode: 'host' },
        ],
      },
    } as SwarmServiceSpec;
  }

  /**
   * Each serving node answers with the new set's id on its HTTP port. A rollout Swarm rolled back or paused is
   * an error (the nodes serve the previous set); a node still without it at the deadline is named in a warning.
   */
  private async waitServing(id: string): Promise<boolean> {
    const deadline = Date.now() + (this.o.rolloutTimeoutMs ?? 120_000);
    let pending: { hostname: string; addr: string }[] = [];
    for (;;) {
      pending = [];
      for (const n of await this.servingNodes()) {
        const got = await plainGet(n.addr, this.o.proxy.httpPort, GENERATION_PATH, 'summoner-proxy.invalid', 1000).catch(() => undefined);
        if (got?.body !== id) pending.push(n);
      }
      if (!pending.length) return true;
      const svc = await inspectService(this.o.engine, this.name);
      if (svc?.updateState && /rollback|paused/.test(svc.updateState)) {
        throw new SummonerError('proxy.rollout_failed', `the proxy's new configuration did not start on every node (${svc.updateState}${svc.updateMessage ? `: ${svc.updateMessage}` : ''})`, {
          hint: 'the nodes serve the previous configuration; `docker service ps` shows why a task failed',
        });
      }
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    this.o.log.warn({ set: id, nodes: pending.map((n) => n.hostname) }, 'the proxy configuration is not served on every node yet');
    return false;
  }

  /** Configs and secrets of the proxy that neither the spec nor the previous one (a rollback's) uses. */
  private async prune(): Promise<void> {
    const svc = await inspectService(this.o.engine, this.name);
    if (!svc) return;
    const used = new Set<string>();
    for (const spec of [svc.spec, svc.previousSpec]) {
      const cs = (spec?.TaskTemplate as { ContainerSpec?: SwarmContainerSpec } | undefined)?.ContainerSpec;
      for (const c of cs?.Configs ?? []) if (c.ConfigName) used.add(c.ConfigName);
      for (const s of cs?.Secrets ?? []) if (s.SecretName) used.add(s.SecretName);
    }
    const mine = { [LABEL.proxy]: this.o.domain };
    for (const c of await listConfigs(this.o.engine, mine)) if (!used.has(c.name)) await removeConfig(this.o.engine, c.id).catch(() => undefined);
    for (const s of await listSecrets(this.o.engine, mine)) if (!used.has(s.name)) await removeSecret(this.o.engine, s.id).catch(() => undefined);
  }
}
