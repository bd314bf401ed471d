// What every managed proxy keeps: the sites it serves (one per host name), changed one at a time, and put back
// when a change is refused. How a set of sites goes live (a reload of one nginx container, a rollout of a Swarm
// service) is the subclass's `applyNow`.
import type { ProxyConfig } from '../../config/schema.js';
import type { ChallengeBoard } from '../challenges.js';
import type { Engine } from '../engine/index.js';
import type { ReachAddress } from '../http-probe.js';
import type { CoreLog } from '../services.js';
import type { ProxySite } from './render.js';

/** What either proxy is built from (edge.ts). */
export interface ProxyOptions {
  proxy: ProxyConfig;
  domain: string;
  /** The proxy network's plan name (on a Swarm its overlay is swarmName of it). */
  network: string;
  engine: Engine;
  /** `<stateDir>/proxy`: the file sets on one host; scratch space for the checks on a Swarm. */
  root: string;
  /** `<stateDir>/acme/certs` (one folder per name). */
  certsDir: string;
  log: CoreLog;
}

export interface ApplyResult {
  set: string;
  /** Check, switch and confirmation, in seconds. */
  seconds: number;
  /** Every address the proxy answers on served this set before the bound (otherwise it was warned about). */
  confirmed: boolean;
}

/** The proxy as the edge (edge.ts) drives it, on one host or on a Swarm. */
export interface ManagedProxy {
  /** The container or service name, for `status`. */
  readonly name: string;
  readonly challenges: ChallengeBoard;
  list(): ProxySite[];
  start(sites: readonly ProxySite[]): Promise<ApplyResult>;
  upsert(site: ProxySite): Promise<ApplyResult>;
  replaceApp(app: string, sites: readonly ProxySite[]): Promise<ApplyResult>;
  remove(app: string): Promise<ApplyResult | undefined>;
  refresh(): Promise<ApplyResult>;
  /** Where the bot reaches nginx's port 80, in order of preference (every node on a Swarm). */
  reachAt(): Promise<ReachAddress[]>;
  /** The addresses the proxy answers on, for the certificates' "resolves to this host" check. */
  localAddresses?(): Promise<string[]>;
  watch(): void;
  unwatch(): void;
  /** One phrase for `status`. */
  describe(): Promise<string>;
}

export abstract class SiteBook {
  /** By host name: a minion with several web services has one site per host. */
  protected readonly sites = new Map<string, ProxySite>();
  private chain: Promise<unknown> = Promise.resolve();
  protected started = false;

  /** Make the proxy exist and run (on its last good set), before the first apply. */
  protected abstract prepare(): Promise<void>;
  /** Render, check, switch and confirm the current sites. */
  protected abstract applyNow(): Promise<ApplyResult>;

  list(): ProxySite[] {
    return [...this.sites.values()];
  }

  /** Make sure the proxy runs, then load exactly these sites (the engine's state at start). */
  start(sites: readonly ProxySite[]): Promise<ApplyResult> {
    return this.serial(async () => {
      await this.prepare();
      this.started = true;
      this.sites.clear();
      for (const s of sites) this.sites.set(s.host, s);
      return this.applyNow();
    });
  }

  /** Add or replace one site (its host's server blocks). On a refused config the previous ones stay (on disk and live). */
  upsert(site: ProxySite): Promise<ApplyResult> {
    return this.serial(() => this.changeNow(site.app, [...this.ofApp(site.app).filter((s) => s.host !== site.host), site]));
  }

  /** Replace every site of one minion (one per web service) in one change: hosts it no longer has go. */
  replaceApp(app: string, sites: readonly ProxySite[]): Promise<ApplyResult> {
    return this.serial(() => this.changeNow(app, sites));
  }

  remove(app: string): Promise<ApplyResult | undefined> {
    return this.serial(async () => (this.ofApp(app).length ? this.changeNow(app, []) : undefined));
  }

  /** Re-render the same sites (e.g. a certificate appeared: HTTPS on, HTTP redirects). */
  refresh(): Promise<ApplyResult> {
    return this.serial(() => this.applyNow());
  }

  protected ofApp(app: string): ProxySite[] {
    return [...this.sites.values()].filter((s) => s.app === app);
  }

  /** The app's sites become `sites`; on a refused config its previous ones are put back. */
  private async changeNow(app: string, sites: readonly ProxySite[]): Promise<ApplyResult> {
    const before = this.ofApp(app);
    const set = (list: readonly ProxySite[]) => {
      for (const s of this.ofApp(app)) this.sites.delete(s.host);
      for (const s of list) this.sites.set(s.host, { ...s, app });
    };
    set(sites);
    try {
      return await this.applyNow();
    } catch (err) {
      set(before);
      throw err;
    }
  }

  /** One change at a time, in order; a failed one does not stop the next. */
  protected serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
