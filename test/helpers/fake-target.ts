// A recording fake DeployTarget: units, networks and held swaps in memory, every call recorded in order, and
// faults injected per call (a pull that fails, a health gate that fails, an engine lost mid-way). The lifecycle
// runs on it unchanged, so each of its failure paths is tested without an engine.
import { SummonerError } from '../../src/errors.js';
import type { DeployTarget, HeldUnits, LiveUnit, StartedUnit } from '../../src/core/deploy/target.js';
import { EXTRA_LABEL } from '../../src/core/engine/labels.js';
import { LABEL, type DeployPlan } from '../../src/core/types.js';

export interface FakeUnit {
  name: string;
  role: string;
  image: string;
  labels: Record<string, string>;
  running: boolean;
  /** Which start made it: 1, 2 … (a unit replaced by a swap gets a new generation). */
  generation: number;
}

/** A fault: which call (`start`, `waitHealthy`, `pull` …), optionally for which unit, and what it throws. */
export interface Fault {
  call: keyof DeployTarget;
  unit?: string;
  error: () => Error;
  /** Fires once, then the call works again (default: every time). */
  once?: boolean;
}

export const engineLost = () => new SummonerError('engine.unreachable', 'the Docker Engine does not answer');
export const unhealthy = (name: string) => new SummonerError('app.unhealthy', `${name} did not become healthy`);

export class FakeTarget implements DeployTarget {
  readonly kind = 'containers' as const;
  readonly journalName = 'deploying-fake';
  readonly startKey = 'starting' as const;
  /** The engine: units by name (the aside ones under `<name>-prev`), networks. */
  units = new Map<string, FakeUnit>();
  networks = new Set<string>();
  /** Every call, in order: `start web-x`, `stop db-x`, `remove web-x` … */
  calls: string[] = [];
  faults: Fault[] = [];
  /** While true every call (and ping) fails as a lost engine does. */
  lost = false;
  /** Gates a test holds open: that unit's waitHealthy / waitDone waits for the promise, or until called off. */
  holds = new Map<string, Promise<void>>();
  /** Units whose gate the lifecycle called off (its signal), in order. */
  calledOff: string[] = [];
  private generation = 0;

  constructor(readonly proxyNetwork = 'proxy') {}

  private hit(call: keyof DeployTarget, unit?: string): void {
    this.calls.push(unit ? `${call} ${unit}` : call);
    if (this.lost) throw engineLost();
    const i = this.faults.findIndex((f) => f.call === call && (f.unit === undefined || f.unit === unit));
    if (i < 0) return;
    const f = this.faults[i]!;
    if (f.once) this.faults.splice(i, 1);
    throw f.error();
  }

  /** Names of the units that exist now (sorted), for assertions. */
  names(): string[] {
    return [...this.units.keys()].sort();
  }

  async ready(): Promise<void> {
    this.hit('ready');
  }
  async live(app: string): Promise<LiveUnit[]> {
    this.hit('live', app);
    const order = (u: FakeUnit) => (u.role === 'db' ? 0 : u.role === 'app' ? 1 : 2);
    return [...this.units.values()]
      .filter((u) => u.labels[LABEL.app] === app)
      .sort((a, b) => order(a) - order(b))
      .map((u) => ({ name: u.name, role: u.role, labels: { ...u.labels }, image: u.image, pin: `id-of-${u.image}`, running: u.running, aside: u.name.endsWith('-prev') }));
  }
  async leftovers(app: string): Promise<{ networks: string[]; others: number }> {
    this.hit('leftovers', app);
    return { networks: [...this.networks].filter((n) => n.includes(app) && n !== this.proxyNetwork), others: 0 };
  }
  async healthyNow(u: LiveUnit): Promise<boolean> {
    this.hit('healthyNow', u.name);
    return true;
  }
  async checkPlan(): Promise<void> {
    this.hit('checkPlan');
  }
  namesOf(plan: DeployPlan): { units: string[]; networks: string[] } {
    return { units: plan.containers.map((c) => c.name), networks: plan.networks.map((n) => n.name).filter((n) => n !== this.proxyNetwork) };
  }
  unitName(c: { name: string }): string {
    return c.name;
  }
  async pull(plan: DeployPlan, _r: unknown, overrides: Record<string, string> = {}): Promise<void> {
    for (const c of plan.containers) this.hit('pull', overrides[c.name] ?? c.image);
  }
  async ensureNetworks(plan: DeployPlan): Promise<string[]> {
    this.hit('ensureNetworks');
    const created: string[] = [];
    for (const n of plan.networks) {
      if (!this.networks.has(n.name) && n.name !== this.proxyNetwork) created.push(n.name);
      this.networks.add(n.name);
    }
    return created;
  }
  async prepare(): Promise<unknown> {
    this.hit('prepare');
    return undefined;
  }
  async start(plan: DeployPlan, c: DeployPlan['containers'][number], opts: { labels: Record<string, string>; imageOverride?: string }): Promise<StartedUnit> {
    this.hit('start', c.name);
    if (this.units.has(c.name)) throw new SummonerError('engine.conflict', `${c.name} exists`);
    this.units.set(c.name, {
      name: c.name,
      role: c.role,
      image: opts.imageOverride ?? c.image,
      labels: { ...c.labels, ...opts.labels },
      running: true,
      generation: ++this.generation,
    });
    return { name: c.name };
  }
  private async held(name: string, signal?: AbortSignal): Promise<void> {
    const hold = this.holds.get(name);
    if (!hold) return;
    await new Promise<void>((resolve, reject) => {
      const off = () => {
        this.calledOff.push(name);
        reject(new SummonerError('app.unhealthy', `${name}: its gate was called off`));
      };
      if (signal?.aborted) return off();
      signal?.addEventListener('abort', off, { once: true });
      hold.then(resolve, reject);
    });
  }
  async waitHealthy(s: StartedUnit, _spec?: unknown, _redact?: unknown, signal?: AbortSignal): Promise<void> {
    this.hit('waitHealthy', s.name);
    await this.held(s.name, signal);
  }
  async waitDone(s: StartedUnit, _timeoutS?: number, _redact?: unknown, signal?: AbortSignal): Promise<void> {
    this.hit('waitDone', s.name);
    await this.held(s.name, signal);
    const f = this.units.get(s.name);
    if (f) f.running = false;
  }
  async stop(u: LiveUnit): Promise<void> {
    this.hit('stop', u.name);
    const f = this.units.get(u.name);
    if (f) f.running = false;
  }
  async resume(u: LiveUnit): Promise<StartedUnit> {
    this.hit('resume', u.name);
    const f = this.units.get(u.name);
    if (!f) throw new SummonerError('engine.not_found', `no ${u.name}`);
    f.running = true;
    return { name: u.name };
  }
  async restart(u: LiveUnit): Promise<StartedUnit> {
    this.hit('restart', u.name);
    return this.resume(u);
  }
  async remove(name: string): Promise<boolean> {
    this.hit('remove', name);
    return this.units.delete(name);
  }
  async removeNetwork(name: string): Promise<boolean> {
    this.hit('removeNetwork', name);
    return this.networks.delete(name);
  }
  async tidy(app: string): Promise<void> {
    this.hit('tidy', app);
  }
  async forgetData(app: string): Promise<void> {
    this.hit('forgetData', app);
  }
  async hold(units: LiveUnit[]): Promise<HeldUnits> {
    this.hit('hold');
    return { units, state: { aside: [] as string[] } };
  }
  async setAside(held: HeldUnits): Promise<void> {
    const aside = (held.state as { aside: string[] }).aside;
    for (const u of held.units) {
      this.hit('setAside', u.name);
      const f = this.units.get(u.name)!;
      this.units.delete(u.name);
      this.units.set(`${u.name}-prev`, { ...f, name: `${u.name}-prev` });
      aside.push(u.name);
    }
  }
  async discard(started: StartedUnit[], held: HeldUnits, planned: string[]): Promise<void> {
    this.hit('discard');
    const aside = (held.state as { aside: string[] }).aside;
    for (const s of started) this.units.delete(s.name);
    for (const n of planned) if (!aside.includes(n)) this.units.delete(n);
  }
  async putBack(held: HeldUnits): Promise<StartedUnit[]> {
    const aside = (held.state as { aside: string[] }).aside;
    for (const name of aside) {
      this.hit('putBack', name);
      if (this.units.has(name)) throw new SummonerError('engine.conflict', `${name} is still there`);
      const f = this.units.get(`${name}-prev`)!;
      this.units.delete(`${name}-prev`);
      this.units.set(name, { ...f, name });
    }
    aside.length = 0;
    const out: StartedUnit[] = [];
    for (const u of held.units) if (u.role !== 'job') out.push(await this.resume(u));
    return out;
  }
  async release(held: HeldUnits): Promise<void> {
    this.hit('release');
    for (const u of held.units) this.units.delete(`${u.name}-prev`);
  }
  async ping(): Promise<unknown> {
    if (this.lost) throw engineLost();
    return 'OK';
  }
}

/** The health label a unit carries (so restart and putBack gate it). */
export const healthLabel = { [EXTRA_LABEL.health]: JSON.stringify({ timeoutS: 1, intervalS: 0.1 }) };
