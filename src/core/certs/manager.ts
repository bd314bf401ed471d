// The `certs.acme` module: one certificate per minion's name, through HTTP-01 answered by the proxy
// (acme-client does the RFC 8555 protocol). Files under <stateDir>/acme/: account.key, certs/<name>/
// {fullchain.pem,key.pem} (all 0600), ledger.json (rate limits), retries.json (backoff per name).
// Composed of one part per idea: store.ts (files), preflight.ts, acme.ts (the ACME client and the CA's
// budget), retry-policy.ts (backoff, staging first), alarms.ts (cert.expiring once a day).
// Renewal is due at a fraction of each certificate's own lifetime (read from the certificate), so
// short-lived certificates work; a CA failure is retried with backoff against the staging directory first.
import path from 'node:path';
import type { CertificatesConfig } from '../../config/schema.js';
import type { EventBus } from '../events.js';
import { isSummonerError, type SummonerError } from '../../errors.js';
import type { CoreLog } from '../services.js';
import type { ReachAddress } from '../http-probe.js';
import { AcmeClient } from './acme.js';
import { ExpiryAlarms } from './alarms.js';
import type { ChallengeBoard } from '../challenges.js';
import { Ledger } from './ledger.js';
import { preflight } from './preflight.js';
import { RetryPolicy } from './retry-policy.js';
import { CertificateStore } from './store.js';

export interface CertificateManagerOptions {
  config: CertificatesConfig;
  /** `<stateDir>/acme` */
  dir: string;
  /** Where HTTP-01 answers go (the proxy serves them): files on one host, the rolled-out set on a Swarm. */
  challenges: ChallengeBoard;
  /** Where the bot reaches the proxy's HTTP port (self-probe): addresses tried in order. */
  probe: ReachAddress | (() => Promise<ReachAddress[]>);
  events: EventBus;
  log: CoreLog;
  /** A certificate was written: the proxy re-renders (HTTPS on, HTTP redirects). */
  onInstalled(name: string): Promise<void>;
  /** The names the proxy serves (those without a certificate are retried by the check). */
  names(): string[];
  /** Name → IPv4/IPv6 addresses (tests point it at their own DNS server). */
  lookup?: (name: string) => Promise<string[]>;
  /** What "this host" is, when config.publicIps is empty (on a Swarm: every node's address). */
  localAddresses?: () => string[] | Promise<string[]>;
  now?: () => number;
}

export interface CertificateInfo {
  name: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** When the scheduled check renews it. */
  renewAt: Date;
  daysLeft: number;
  /** Set when the last attempt failed. */
  failing?: { error: string; retryAt: string };
}

/** One line of `certs`: a certificate on disk, or a served name still waiting for one. */
export type CertificateListEntry = CertificateInfo | { name: string; missing: true; failing?: { error: string; retryAt: string } };

/** What the `certs` command sees. */
export interface CertificatesView {
  /** managed: Summoner's ACME; external: another proxy's job; disabled: none here. */
  mode: 'managed' | 'external' | 'disabled';
  list(): CertificateListEntry[];
}

const DAY = 86_400_000;

export class CertificateManager {
  private readonly ledger: Ledger;
  private readonly store: CertificateStore;
  private readonly retries: RetryPolicy;
  private readonly alarms: ExpiryAlarms;
  private readonly acme: AcmeClient;
  private readonly inFlight = new Map<string, { p: Promise<CertificateInfo>; says: Set<(text: string) => void>; said: string[] }>();
  /** The retry timer runs once startRetries was called (tests call checkCertificates themselves). */
  private retrying = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: CertificateManagerOptions) {
    this.store = new CertificateStore(o.dir);
    this.ledger = new Ledger(path.join(o.dir, 'ledger.json'));
    this.retries = new RetryPolicy(o.dir);
    this.alarms = new ExpiryAlarms(o.dir);
    this.acme = new AcmeClient({ config: o.config, dir: o.dir, challenges: o.challenges, ledger: this.ledger, now: () => this.now() });
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  ledgerEntries() {
    return this.ledger.all();
  }

  /** The certificate on disk for a name, read from the certificate itself. */
  info(name: string): CertificateInfo | undefined {
    const x = this.store.read(name);
    if (!x) return undefined;
    const { notBefore, notAfter } = x;
    const life = notAfter.getTime() - notBefore.getTime();
    const retry = this.retries.get(name);
    return {
      name,
      issuer: x.issuer,
      notBefore,
      notAfter,
      renewAt: new Date(notBefore.getTime() + life * this.o.config.renewAt),
      daysLeft: Math.floor((notAfter.getTime() - this.now()) / DAY),
      ...(retry ? { failing: { error: retry.error, retryAt: new Date(retry.retryAt).toISOString() } } : {}),
    };
  }

  /** Every certificate on disk, and every served name still waiting for one. */
  list(): CertificateListEntry[] {
    const onDisk = this.store.names();
    const out: CertificateListEntry[] = onDisk.map((n) => this.info(n)).filter((x): x is CertificateInfo => !!x);
    for (const n of new Set([...this.o.names(), ...this.retries.names()])) {
      if (onDisk.includes(n)) continue;
      const r = this.retries.get(n);
      out.push({ name: n, missing: true, ...(r ? { failing: { error: r.error, retryAt: new Date(r.retryAt).toISOString() } } : {}) });
    }
    return out;
  }

  /** A valid certificate for the name: the one on disk unless renewal is due, else a new one. */
  ensure(name: string, say: (text: string) => void = () => undefined): Promise<CertificateInfo> {
    // an order in flight (the proxy's start asked first) has its certificate on disk before the proxy serves it:
    // wait for the whole order, or the caller would say "valid" while HTTPS does not answer yet
    if (this.inFlight.has(name)) return this.obtain(name, say);
    const have = this.info(name);
    if (have && this.now() < have.renewAt.getTime()) return Promise.resolve(have);
    return this.obtain(name, say);
  }

  /** One order at a time per name; whoever asks meanwhile waits for it and hears its progress. */
  private obtain(name: string, say: (text: string) => void): Promise<CertificateInfo> {
    const running = this.inFlight.get(name);
    if (running) {
      running.said.forEach((text) => say(text)); // what it missed, then what comes
      running.says.add(say);
      return running.p;
    }
    const says = new Set([say]);
    const said: string[] = [];
    const p = this.obtainNow(name, (text) => {
      said.push(text);
      says.forEach((f) => f(text));
    }).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, { p, says, said });
    return p;
  }

  private async obtainNow(name: string, say: (text: string) => void): Promise<CertificateInfo> {
    const renewing = !!this.info(name);
    const retry = this.retries.get(name);
    const c = this.o.config;
    try {
      // the budget first: a queued order needs no pre-flight
      this.acme.checkBudget(name, retry?.staging && c.stagingUrl ? 'staging' : 'production');
      await this.preflight(name);
      if (retry?.staging && c.stagingUrl) {
        say(`certificate for ${name}: trying the CA's staging directory first (the last attempt failed)`);
        await this.acme.order(name, 'staging');
        say(`certificate for ${name}: staging worked; now the real one`);
      }
      say(`certificate for ${name}: ordering (HTTP-01)`);
      const { cert, key } = await this.acme.order(name, 'production');
      this.store.install(name, cert, key);
    } catch (err) {
      throw this.failed(name, err);
    }
    this.retries.succeeded(name);
    const info = this.info(name)!;
    await this.o.onInstalled(name);
    this.o.events.emit({ type: renewing ? 'cert.renewed' : 'cert.issued', name, notAfter: info.notAfter.toISOString() });
    this.o.log.info({ name, notAfter: info.notAfter.toISOString(), renewing }, 'certificate installed');
    say(`certificate for ${name}: ${renewing ? 'renewed' : 'issued'}, valid until ${info.notAfter.toISOString()}`);
    return info;
  }

  /** Record a failure, plan the retry (backoff; staging first), announce it, and return the error to throw. */
  private failed(name: string, err: unknown): SummonerError {
    const { state, error } = this.retries.failed(name, err, this.now(), !!this.o.config.stagingUrl);
    this.armRetry();
    const at = new Date(state.retryAt).toISOString();
    this.o.events.emit({ type: 'cert.failing', name, error: state.error, retryAt: at });
    this.o.log.warn({ name, failures: state.failures, retryAt: at, code: isSummonerError(err) ? err.code : 'certs.ca_error' }, 'certificate not obtained');
    return error;
  }

  /** The name resolves to this host, and the proxy answers a challenge token for it. Says what is wrong. */
  preflight(name: string): Promise<void> {
    return preflight(name, this.o);
  }

  // ---- the scheduled check ---------------------------------------------------------------------

  /**
   * Renew what is due, retry what failed once its time has come, give certificates to served names that
   * have none, and post an alarm (once a day) for any certificate within `alarmDays` of expiry.
   * The scheduler calls this; it never throws.
   */
  async checkCertificates(): Promise<{ renewed: string[]; issued: string[]; failed: string[]; expiring: string[] }> {
    const now = this.now();
    const out = { renewed: [] as string[], issued: [] as string[], failed: [] as string[], expiring: [] as string[] };
    const onDisk = this.store.names();
    // a first certificate is the summon's job; the check renews, and retries what failed, for the names
    // served now (a dismissed app's certificate stays on disk for a later summon, unrenewed and unalarmed)
    const served = new Set(this.o.names());
    const names = new Set([...onDisk, ...this.retries.names()].filter((n) => served.has(n)));
    for (const name of [...names].sort()) {
      const info = this.info(name);
      const retry = this.retries.get(name);
      const due = !info || now >= info.renewAt.getTime();
      if (due && (!retry || now >= retry.retryAt)) {
        try {
          await this.obtain(name, () => undefined);
          (info ? out.renewed : out.issued).push(name);
        } catch {
          out.failed.push(name);
        }
      }
      const after = this.info(name);
      if (after && after.notAfter.getTime() - now <= this.o.config.alarmDays * DAY) {
        if (!this.alarms.take(name, now)) continue;
        const daysLeft = Math.max(0, Math.floor((after.notAfter.getTime() - now) / DAY));
        this.o.events.emit({ type: 'cert.expiring', name, notAfter: after.notAfter.toISOString(), daysLeft });
        out.expiring.push(name);
      }
    }
    return out;
  }

  /**
   * A timer for the earliest retry (the backoff of a failed order). The daily check itself is a job of the
   * scheduler (certificateCheckJob in ./check-job.ts): listed by `schedules`, caught up after downtime.
   */
  startRetries(): void {
    if (this.retrying) return;
    this.retrying = true;
    this.armRetry();
  }

  stopRetries(): void {
    this.retrying = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private armRetry(): void {
    if (!this.retrying) return; // tests call checkCertificates themselves
    if (this.timer) clearTimeout(this.timer);
    const next = this.retries.next();
    if (next === undefined) return;
    this.timer = setTimeout(() => void this.checkCertificates(), Math.max(1000, Math.min(next - this.now(), 2 ** 31 - 1)));
    this.timer.unref();
  }
}
