// The `proxy.nginx` module: one nginx container `proxy-<domain>` on the shared network, whose configuration
// Summoner owns. Every change: render a new file set under <stateDir>/proxy/sets/<id>/ → `nginx -t` on it,
// inside the proxy → swap the `current` link to it (one rename) → reload (SIGHUP). A set that fails the
// check is never linked, so `current` (what a restarted nginx reads) always holds the last good set, and the
// running nginx keeps serving it. Changes are serialised: one apply at a time.
// Upstreams are the app containers' addresses read at render time (render.ts says why): the proxy watches the
// engine's container events (start, die, rename, destroy) and renders again when an address changed.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError, isSummonerError } from '../../errors.js';
import { call, ensureImage, ensureNetwork, execIn, inspectContainer, removeContainer, startContainer, type Engine } from '../engine/index.js';
import { LABEL } from '../types.js';
import { getVia, type ReachAddress } from '../http-probe.js';
import { fileBoard, type ChallengeBoard } from '../challenges.js';
import { CHALLENGES, CURRENT, IN_PROXY, GENERATION_PATH, renderSet, withGeneration, type ProxySite } from './render.js';
import { refusal } from './check.js';
import { SiteBook, type ApplyResult, type ManagedProxy, type ProxyOptions } from './site-book.js';


const PID_FILE = '/run/nginx-summoner.pid';

export interface NginxProxyOptions extends ProxyOptions {
  /** How many old sets stay on disk besides the current one. */
  keepSets?: number;
  /** How long a reload may take to be served (new connections answered with the new set's id). */
  confirmTimeoutMs?: number;
}

export class NginxProxy extends SiteBook implements ManagedProxy {
  readonly container: string;
  readonly challenges: ChallengeBoard;
  /** The container addresses the live set was rendered with (`name=ip` lines): a resync compares against it. */
  private rendered = '';
  private watching?: AbortController;

  constructor(private readonly o: NginxProxyOptions) {
    super();
    this.container = `proxy-${o.domain}`;
    this.challenges = fileBoard(this.challengeDir);
  }

  get name(): string {
    return this.container;
  }

  async describe(): Promise<string> {
    const c = await inspectContainer(this.o.engine, this.container).catch(() => undefined);
    return `proxy ${this.container} ${c ? c.state : 'not created yet'}`;
  }

  /** The proxy's published HTTP port, as this host reaches it. */
  get httpAddress(): { host: string; port: number } {
    const host = this.o.proxy.bind === '0.0.0.0' ? '127.0.0.1' : this.o.proxy.bind === '::' ? '::1' : this.o.proxy.bind;
    return { host, port: this.o.proxy.httpPort };
  }

  /**
   * Where the bot can reach nginx's port 80 (pre-flight self-probe, reload confirmation), in order of
   * preference: the container's address on the shared network (works from the host and from a bot container
   * on that network), then the published port (a bot on the host where container addresses are not routed).
   */
  async reachAt(): Promise<ReachAddress[]> {
    const info = await inspectContainer(this.o.engine, this.container).catch(() => undefined);
    const ip = info?.networks[this.o.network]?.ip;
    // Summoner in a container is not on the shared network: its probe container (engine/probe.ts) is
    const prober = this.o.engine.prober;
    const via = prober?.kind === 'engine' ? { via: prober.getWithHost.bind(prober) } : {};
    return [...(ip ? [{ host: ip, port: 80, ...via }] : []), this.httpAddress];
  }

  get challengeDir(): string {
    return path.join(this.o.root, CHALLENGES);
  }

  protected prepare(): Promise<void> {
    return this.ensureContainer();
  }

  private async certificateNames(): Promise<Set<string>> {
    const names = new Set<string>();
    for (const s of this.sites.values()) {
      const ok = await Promise.all(['fullchain.pem', 'key.pem'].map((f) => fs.access(path.join(this.o.certsDir, s.host, f)).then(() => true, () => false)));
      if (ok.every(Boolean)) names.add(s.host);
    }
    return names;
  }

  /** Each upstream container's address on the proxy network now; a container not running has none. */
  private async addresses(sites: readonly ProxySite[] = this.list()): Promise<Map<string, string>> {
    const names = [...new Set(sites.map((s) => s.upstream.container))];
    const found = await Promise.all(names.map(async (name) => {
      const info = await inspectContainer(this.o.engine, name).catch(() => undefined);
      const ip = info?.state === 'running' ? info.networks[this.o.network]?.ip : undefined;
      return [name, ip] as const;
    }));
    return new Map(found.filter((f): f is readonly [string, string] => Boolean(f[1])));
  }

  private static key(addresses: ReadonlyMap<string, string>): string {
    return [...addresses].map(([n, ip]) => `${n}=${ip}`).sort().join('\n');
  }

  /**
   * Render again when an upstream container's address changed since the live set (re-created, restarted on
   * another address, stopped, back): nothing happens when none did. Serialised with the other changes.
   */
  resync(): Promise<ApplyResult | undefined> {
    return this.serial(async () => {
      if (!this.started) return undefined;
      if (NginxProxy.key(await this.addresses()) === this.rendered) return undefined;
      return this.applyNow();
    });
  }

  /**
   * Follow the engine's container events of this domain (start, die, rename, destroy) and resync on each
   * burst. The stream is opened again after an engine restart or a dropped connection. Stopped by unwatch().
   */
  watch(): void {
    if (this.watching) return;
    const abort = new AbortController();
    this.watching = abort;
    let timer: NodeJS.Timeout | undefined;
    const later = () => {
      clearTimeout(timer);
      // a burst (an update renames, creates and starts) gives one render
      timer = setTimeout(() => void this.resync().catch((err: unknown) => this.o.log.warn({ err }, 'the proxy could not follow a container change')), 100);
    };
    const follow = async () => {
      while (!abort.signal.aborted) {
        try {
          const stream = (await this.o.engine.docker.getEvents({
            filters: { type: ['container'], event: ['start', 'die', 'rename', 'destroy'], label: [`${LABEL.domain}=${this.o.domain}`] },
            abortSignal: abort.signal,
          } as Parameters<Engine['docker']['getEvents']>[0])) as NodeJS.ReadableStream;
          // a change missed while the stream was away
          later();
          for await (const _chunk of stream) later();
        } catch {
          // engine away or stream dropped: open it again
        }
        if (!abort.signal.aborted) await new Promise((r) => setTimeout(r, 1000));
      }
      clearTimeout(timer);
    };
    void follow();
  }

  unwatch(): void {
    this.watching?.abort();
    this.watching = undefined;
  }

  private async writeSet(sites: readonly ProxySite[] = this.list(), addresses?: ReadonlyMap<string, string>): Promise<string> {
    const id = `${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
    const files = renderSet(sites, {
      resolver: this.o.proxy.resolver,
      httpsPort: this.o.proxy.httpsPort,
      withCertificate: await this.certificateNames(),
      addresses: addresses ?? (await this.addresses(sites)),
    });
    // the set's id, served on the catch-all server: a reload is confirmed when new connections see it
    withGeneration(files, id);
    const dir = path.join(this.o.root, 'sets', id);
    await fs.mkdir(path.join(dir, 'sites'), { recursive: true, mode: 0o755 });
    for (const [rel, text] of files) await fs.writeFile(path.join(dir, rel), text, { mode: 0o644 });
    return id;
  }

  protected async applyNow(): Promise<ApplyResult> {
    if (!this.started) throw new SummonerError('proxy.not_started', 'the proxy is not started yet');
    const t0 = performance.now();
    // removed or stopped by hand since: bring it back (on the last good set) before changing anything
    if ((await inspectContainer(this.o.engine, this.container))?.state !== 'running') await this.ensureContainer();
    const addresses = await this.addresses();
    const id = await this.writeSet(this.list(), addresses);
    const setDir = path.join(this.o.root, 'sets', id);
    const test = await this.exec(['nginx', '-t', '-q', '-c', `${IN_PROXY.root}/sets/${id}/nginx.conf`]);
    if (test.exitCode !== 0) {
      await fs.rm(setDir, { recursive: true, force: true });
      const err = refusal(test.stderr);
      this.o.log.warn({ why: err.message }, 'nginx refused a configuration; the previous one keeps serving');
      throw err;
    }
    await this.swap(id);
    const oldWorkers = await this.acceptingWorkers();
    // SIGHUP to the master (PID 1) is nginx's reload; unlike `nginx -s reload` it needs no exec and no
    // second parse of the configuration
    await call({ doing: `reloading the proxy ${this.container}`, socket: this.o.engine.socket }, () =>
      this.o.engine.docker.getContainer(this.container).kill({ signal: 'SIGHUP' }),
    );
    this.rendered = NginxProxy.key(addresses);
    const confirmed = (await this.waitOldWorkersClosed(oldWorkers)) && (await this.waitServing(id));
    await this.prune(id);
    const seconds = (performance.now() - t0) / 1000;
    this.o.log.info({ set: id, sites: this.sites.size, ms: Math.round(seconds * 1000), confirmed }, 'proxy configuration loaded');
    return { set: id, seconds, confirmed };
  }

  /** Point `current` at the set in one rename (atomic on POSIX): nginx never sees half a set. */
  private async swap(id: string): Promise<void> {
    const tmp = path.join(this.o.root, `${CURRENT}.${id}`);
    await fs.symlink(path.join('sets', id), tmp);
    await fs.rename(tmp, path.join(this.o.root, CURRENT));
  }

  private async prune(current: string): Promise<void> {
    const keep = this.o.keepSets ?? 2;
    const sets = (await fs.readdir(path.join(this.o.root, 'sets')).catch(() => [] as string[])).filter((s) => s !== current).sort();
    for (const old of sets.slice(0, Math.max(0, sets.length - keep))) await fs.rm(path.join(this.o.root, 'sets', old), { recursive: true, force: true });
  }

  /**
   * After the reload signal the master starts new workers, then tells the old ones to stop accepting. Wait until
   * new connections are answered with the new set's id a few times in a row (old workers no longer take them).
   * A loaded host can take seconds; past the bound the change is reported unconfirmed, never called done.
   */
  private async waitServing(id: string): Promise<boolean> {
    const at = await this.reachAt();
    const t0 = Date.now();
    const end = t0 + (this.o.confirmTimeoutMs ?? 30_000);
    let answered = false;
    let inARow = 0;
    while (Date.now() < end) {
      const got = await getVia(at, GENERATION_PATH, 'summoner-proxy.invalid', 1000).catch(() => undefined);
      if (got) answered = true;
      // no connection at all for 5 s: not reachable from where the bot runs; said, not waited on for the full bound
      else if (!answered && Date.now() - t0 > 5000) break;
      inARow = got?.body === id ? inARow + 1 : 0;
      if (inARow >= 3) return true;
      if (!inARow) await new Promise((r) => setTimeout(r, got ? 10 : 100));
    }
    this.o.log.warn({ set: id, answered }, answered ? 'nginx reloaded but did not serve the new configuration in time' : 'nginx could not be reached to confirm its new configuration');
    return false;
  }

  /**
   * The pids of nginx's workers still taking new connections, from the engine's process list (`ps` on the
   * engine's host): a worker told to stop retitles itself "worker process is shutting down", then closes its
   * listeners. Undefined when the list cannot be read (no `ps` there): the HTTP confirmation alone then decides.
   */
  private async acceptingWorkers(): Promise<Set<string> | undefined> {
    try {
      const top = (await this.o.engine.docker.getContainer(this.container).top({ ps_args: '-o pid,args' })) as { Titles?: string[]; Processes?: string[][] };
      const pid = top.Titles?.indexOf('PID') ?? -1;
      const args = top.Titles?.findIndex((t) => t === 'COMMAND' || t === 'ARGS') ?? -1;
      if (pid < 0 || args < 0) return undefined;
      return new Set((top.Processes ?? []).filter((p) => /worker process$/.test(p[args] ?? '')).map((p) => p[pid]!));
    } catch {
      return undefined;
    }
  }

  /**
   * Until the workers of the previous configuration stop taking new connections, a new connection may still
   * be served the old set: a name whose certificate was just installed is then refused on 443 although port 80
   * already answers with the new id. Waits (bounded like the HTTP confirmation) until none of them accepts.
   */
  private async waitOldWorkersClosed(old: Set<string> | undefined): Promise<boolean> {
    if (!old?.size) return true;
    const end = Date.now() + (this.o.confirmTimeoutMs ?? 30_000);
    while (Date.now() < end) {
      const now = await this.acceptingWorkers();
      if (!now || ![...old].some((p) => now.has(p))) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    this.o.log.warn({ workers: [...old] }, 'the workers of the previous nginx configuration still take new connections');
    return false;
  }

  private exec(argv: string[]) {
    return execIn(this.o.engine, this.container, argv, { timeoutMs: 30_000 });
  }

  // ---- the container ---------------------------------------------------------------------------

  private spec() {
    const p = this.o.proxy;
    const ports = { '80/tcp': p.httpPort, '443/tcp': p.httpsPort };
    const wanted = {
      image: p.image,
      ports,
      bind: p.bind,
      network: this.o.network,
      root: path.resolve(this.o.root),
      certs: path.resolve(this.o.certsDir),
    };
    const hash = crypto.createHash('sha256').update(JSON.stringify(wanted)).digest('hex').slice(0, 16);
    return { wanted, hash };
  }

  /** The container with today's spec, running on the last good set (an empty one the first time). */
  private async ensureContainer(): Promise<void> {
    const { engine } = this.o;
    await fs.mkdir(path.join(this.o.root, 'sets'), { recursive: true, mode: 0o755 });
    await fs.mkdir(this.challengeDir, { recursive: true, mode: 0o755 });
    await fs.mkdir(this.o.certsDir, { recursive: true, mode: 0o700 });
    const hasCurrent = await fs.stat(path.join(this.o.root, CURRENT, 'nginx.conf')).then(() => true, () => false);
    if (!hasCurrent) {
      this.started = true; // writeSet only renders
      const id = await this.writeSet();
      await this.swap(id);
    }
    const { wanted, hash } = this.spec();
    const live = await inspectContainer(engine, this.container);
    if (live && live.labels[LABEL.config] === hash) {
      if (live.state !== 'running' || !(await this.isUp())) await this.boot();
      return;
    }
    if (live) {
      this.o.log.info({ container: this.container }, 'proxy settings changed: recreating the proxy container');
      await removeContainer(engine, this.container);
    }
    await ensureNetwork(engine, { name: wanted.network, internal: false, labels: { [LABEL.managed]: 'true' } });
    await ensureImage(engine, wanted.image, () => undefined);
    const bindings = Object.fromEntries(Object.entries(wanted.ports).map(([k, port]) => [k, [{ HostIp: wanted.bind, HostPort: String(port) }]]));
    await call({ doing: `creating the proxy container ${this.container}`, socket: engine.socket, image: wanted.image }, () =>
      engine.docker.createContainer({
        name: this.container,
        Image: wanted.image,
        Cmd: ['nginx', '-c', `${IN_PROXY.root}/${CURRENT}/nginx.conf`, '-g', 'daemon off;'],
        Labels: { [LABEL.proxy]: this.o.domain, [LABEL.config]: hash },
        ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
        StopSignal: 'SIGQUIT',
        HostConfig: {
          Mounts: [
            { Type: 'bind', Source: wanted.root, Target: IN_PROXY.root, ReadOnly: true },
            { Type: 'bind', Source: wanted.certs, Target: IN_PROXY.certs, ReadOnly: true },
          ],
          PortBindings: bindings,
          RestartPolicy: { Name: 'unless-stopped' },
          NetworkMode: wanted.network,
        },
      }),
    );
    try {
      await this.boot();
    } catch (err) {
      await removeContainer(engine, this.container).catch(() => undefined);
      throw isSummonerError(err) ? err : new SummonerError('proxy.start_failed', `the proxy ${this.container} did not start`, { cause: err });
    }
    this.o.log.info({ container: this.container, http: wanted.ports['80/tcp'], https: wanted.ports['443/tcp'] }, 'proxy container started');
  }

  /**
   * Start the container on the current set. Should nginx refuse that set at start (a certificate file removed
   * by hand, an nginx image that changed), start it on an empty set instead: the apply that follows renders
   * the sites again, and checks them.
   */
  private async boot(): Promise<void> {
    const { engine } = this.o;
    await startContainer(engine, this.container);
    try {
      await this.waitUp();
    } catch (err) {
      if (!isSummonerError(err) || err.code !== 'proxy.start_failed') throw err;
      this.o.log.warn({ container: this.container }, 'nginx refused the last set at start; starting it on an empty set');
      await this.swap(await this.writeSet([]));
      await startContainer(engine, this.container);
      await this.waitUp();
    }
  }

  private async isUp(): Promise<boolean> {
    const r = await this.exec(['cat', PID_FILE]).catch(() => undefined);
    return r?.exitCode === 0;
  }

  /** nginx is up once its master has bound its ports and written the pid file (it stops at once on a bad set). */
  private async waitUp(): Promise<void> {
    const end = Date.now() + 20_000;
    for (;;) {
      const info = await inspectContainer(this.o.engine, this.container);
      if (!info || (info.state !== 'running' && info.state !== 'created')) {
        if (info?.state === 'running' || info?.state === 'restarting') await this.o.engine.docker.getContainer(this.container).stop({ t: 1 }).catch(() => undefined);
        throw new SummonerError('proxy.start_failed', `the proxy ${this.container} stopped at start (exit ${info?.exitCode ?? '?'})`, { hint: 'its log (`docker logs`) says why' });
      }
      if (info.state === 'running' && (await this.isUp())) return;
      if (Date.now() > end) throw new SummonerError('proxy.start_failed', `the proxy ${this.container} did not come up within 20 s`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}
