// The `certs.acme` module: one certificate per minion's name, through HTTP-01 answered by the proxy
// (acme-client does the RFC 8555 protocol). Files under <stateDir>/acme/: account.key, certs/<name>/
// {fullchain.pem,key.pem} (all 0600), ledger.json (rate limits), retries.json (backoff per name).
// Renewal is due at a fraction of each certificate's own lifetime (read from the certificate), so
// short-lived certificates work; a CA failure is retried with backoff against the staging directory first.
import crypto, { X509Certificate } from 'node:crypto';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { CertificatesConfig } from '../../config/schema.js';
import type { EventBus } from '../events.js';
import { SummonerError, hasCode, isSummonerError } from '../../errors.js';
import type { CoreLog } from '../services.js';
import { getVia, type ReachAddress } from '../http-probe.js';
import { budget, Ledger, readJson, writeJson, type Directory } from './ledger.js';

type Acme = typeof import('acme-client');
let acmeModule: Promise<Acme> | undefined;
/** acme-client (with its axios) weighs ~28 MB of memory: loaded at the first order, not at start. */
const loadAcme = (): Promise<Acme> => (acmeModule ??= import('acme-client').then((m) => ((m as { default?: Acme }).default ?? m) as Acme));

export interface CertificateManagerOptions {
  config: CertificatesConfig;
  /** `<stateDir>/acme` */
  dir: string;
  /** Where the proxy serves /.well-known/acme-challenge/ from. */
  challengeDir: string;
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
  /** What "this host" is, when config.publicIps is empty. */
  localAddresses?: () => string[];
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
  /** managed: Summoner's ACME; external: another proxy's job; disabled / unavailable: none here. */
  mode: 'managed' | 'external' | 'disabled' | 'unavailable';
  list(): CertificateListEntry[];
}

interface RetryState {
  failures: number;
  retryAt: number;
  /** After a failure: prove the setup on the staging directory before production. */
  staging: boolean;
  error: string;
}

const DAY = 86_400_000;
const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 6 * 3600_000];

export class CertificateManager {
  private readonly ledger: Ledger;
  private readonly retries: Record<string, RetryState>;
  private readonly inFlight = new Map<string, { p: Promise<CertificateInfo>; says: Set<(text: string) => void>; said: string[] }>();
  /** The retry timer runs once startRetries was called (tests call checkCertificates themselves). */
  private retrying = false;
  private timer: NodeJS.Timeout | undefined;
  private agentSet = false;

  constructor(private readonly o: CertificateManagerOptions) {
    fs.mkdirSync(path.join(o.dir, 'certs'), { recursive: true, mode: 0o700 });
    this.ledger = new Ledger(path.join(o.dir, 'ledger.json'));
    this.retries = readJson<Record<string, RetryState>>(this.retriesFile, {});
    this.alarmed = readJson<Record<string, number>>(path.join(o.dir, 'alarms.json'), {});
  }
  /** Last `cert.expiring` alarm per name, so it is posted once a day. */
  private readonly alarmed: Record<string, number>;

  private get retriesFile(): string {
    return path.join(this.o.dir, 'retries.json');
  }
  private now(): number {
    return this.o.now?.() ?? Date.now();
  }
  private certDir(name: string): string {
    return path.join(this.o.dir, 'certs', name);
  }

  ledgerEntries() {
    return this.ledger.all();
  }

  /** The certificate on disk for a name, read from the certificate itself. */
  info(name: string): CertificateInfo | undefined {
    let pem: string;
    try {
      pem = fs.readFileSync(path.join(this.certDir(name), 'fullchain.pem'), 'utf8');
    } catch {
      return undefined;
    }
    const x = new X509Certificate(pem);
    const notBefore = new Date(x.validFrom);
    const notAfter = new Date(x.validTo);
    const life = notAfter.getTime() - notBefore.getTime();
    const retry = this.retries[name];
    return {
      name,
      issuer: /CN=([^\n,]+)/.exec(x.issuer)?.[1] ?? x.issuer,
      notBefore,
      notAfter,
      renewAt: new Date(notBefore.getTime() + life * this.o.config.renewAt),
      daysLeft: Math.floor((notAfter.getTime() - this.now()) / DAY),
      ...(retry ? { failing: { error: retry.error, retryAt: new Date(retry.retryAt).toISOString() } } : {}),
    };
  }

  /** Every certificate on disk, and every served name still waiting for one. */
  list(): CertificateListEntry[] {
    const onDisk = fs.readdirSync(path.join(this.o.dir, 'certs')).sort();
    const out: CertificateListEntry[] = onDisk.map((n) => this.info(n)).filter((x): x is CertificateInfo => !!x);
    for (const n of new Set([...this.o.names(), ...Object.keys(this.retries)])) {
      if (onDisk.includes(n)) continue;
      const r = this.retries[n];
      out.push({ name: n, missing: true, ...(r ? { failing: { error: r.error, retryAt: new Date(r.retryAt).toISOString() } } : {}) });
    }
    return out;
  }

  /** A valid certificate for the name: the one on disk unless renewal is due, else a new one. */
  ensure(name: string, say: (text: string) => void = () => undefined): Promise<CertificateInfo> {
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
    const retry = this.retries[name];
    const c = this.o.config;
    try {
      // the budget first: a queued order needs no pre-flight
      this.checkBudget(name, retry?.staging && c.stagingUrl ? 'staging' : 'production');
      await this.preflight(name);
      if (retry?.staging && c.stagingUrl) {
        say(`certificate for ${name}: trying the CA's staging directory first (the last attempt failed)`);
        await this.order(name, 'staging');
        say(`certificate for ${name}: staging worked; now the real one`);
      }
      say(`certificate for ${name}: ordering (HTTP-01)`);
      const { cert, key } = await this.order(name, 'production');
      this.install(name, cert, key);
    } catch (err) {
      throw this.failed(name, err);
    }
    delete this.retries[name];
    this.saveRetries();
    const info = this.info(name)!;
    await this.o.onInstalled(name);
    this.o.events.emit({ type: renewing ? 'cert.renewed' : 'cert.issued', name, notAfter: info.notAfter.toISOString() });
    this.o.log.info({ name, notAfter: info.notAfter.toISOString(), renewing }, 'certificate installed');
    say(`certificate for ${name}: ${renewing ? 'renewed' : 'issued'}, valid until ${info.notAfter.toISOString()}`);
    return info;
  }

  /** Record a failure, plan the retry (backoff; staging first), announce it, and return the error to throw. */
  private failed(name: string, err: unknown): SummonerError {
    const prev = this.retries[name];
    const limited = hasCode(err, 'certs.rate_limited') ? err.detail?.retryAt : undefined;
    const failures = (prev?.failures ?? 0) + (limited ? 0 : 1);
    const retryAt = limited ?? this.now() + BACKOFF_MS[Math.min(failures, BACKOFF_MS.length) - 1]!;
    const error = isSummonerError(err) ? err.message : `the CA answered: ${String((err as Error)?.message ?? err).slice(0, 300)}`;
    const preflightOnly = isSummonerError(err) && err.code === 'certs.preflight';
    this.retries[name] = {
      failures,
      retryAt,
      // a refused order, an unreachable CA, a failed validation: prove it works on staging before spending production's budget
      staging: preflightOnly || limited ? (prev?.staging ?? false) : !!this.o.config.stagingUrl,
      error,
    };
    this.saveRetries();
    this.armRetry();
    const at = new Date(retryAt).toISOString();
    this.o.events.emit({ type: 'cert.failing', name, error, retryAt: at });
    this.o.log.warn({ name, failures, retryAt: at, code: isSummonerError(err) ? err.code : 'certs.ca_error' }, 'certificate not obtained');
    if (isSummonerError(err)) {
      return new SummonerError(err.code, `${err.message}; next try at ${at}`, { hint: err.hint ?? 'the app answers on HTTP meanwhile', cause: err });
    }
    return new SummonerError('certs.ca_error', `the CA did not issue a certificate for ${name}: ${error}; next try at ${at}`, {
      hint: 'the app answers on HTTP meanwhile; `certs` shows the state',
      cause: err,
    });
  }

  private saveRetries(): void {
    writeJson(this.retriesFile, this.retries);
  }

  // ---- pre-flight ------------------------------------------------------------------------------

  /** The name resolves to this host, and the proxy answers a challenge token for it. Says what is wrong. */
  async preflight(name: string): Promise<void> {
    const c = this.o.config;
    if (!c.skipDnsCheck) {
      const lookup = this.o.lookup ?? ((n: string) => dns.lookup(n, { all: true }).then((l) => l.map((a) => a.address)));
      const addresses = await lookup(name).catch((err: unknown) => {
        throw new SummonerError('certs.preflight', `${name} does not resolve (${(err as { code?: string }).code ?? 'no answer'})`, {
          hint: `add a DNS record for ${name} (or a wildcard) pointing at this host`,
        });
      });
      const mine = new Set(c.publicIps.length ? c.publicIps : (this.o.localAddresses ?? hostAddresses)());
      if (!addresses.some((a) => mine.has(a))) {
        throw new SummonerError('certs.preflight', `${name} resolves to ${addresses.join(', ') || 'nothing'}, not to this host (${[...mine].join(', ')})`, {
          hint: 'point its A/AAAA record here, or list this host\'s public addresses in certificates.publicIps',
        });
      }
    }
    const token = crypto.randomBytes(18).toString('base64url');
    const file = path.join(this.o.challengeDir, token);
    fs.writeFileSync(file, `summoner-probe-${token}`, { mode: 0o644 });
    try {
      const at = typeof this.o.probe === 'function' ? await this.o.probe() : [this.o.probe];
      const where = at.map((a) => `${a.host}:${a.port}`).join(' or ');
      const got = await getVia(at, `/.well-known/acme-challenge/${token}`, name).catch((err: unknown) => {
        throw new SummonerError('certs.preflight', `the proxy does not answer on ${where} (${(err as Error).message})`, { hint: 'is the proxy container running? `status` shows it' });
      });
      if (got.status !== 200 || got.body !== `summoner-probe-${token}`) {
        throw new SummonerError('certs.preflight', `the HTTP-01 self-probe for ${name} got status ${got.status} instead of the token`, {
          hint: 'the proxy must serve /.well-known/acme-challenge/ for this name on port 80',
        });
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  // ---- the order -------------------------------------------------------------------------------

  private accountKey(): Promise<Buffer> {
    const file = path.join(this.o.dir, 'account.key');
    if (fs.existsSync(file)) return Promise.resolve(fs.readFileSync(file));
    return loadAcme().then(async (acme) => {
      const key = await acme.crypto.createPrivateEcdsaKey('P-256');
      try {
        fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' }); // created once; never replaced
      } catch {
        return fs.readFileSync(file);
      }
      return key;
    });
  }

  /** The CAs to trust for the ACME server's HTTPS: the system's, plus the configured extra one. */
  private trusted(): string[] | undefined {
    if (!this.o.config.caFile) return undefined;
    const extra = fs.readFileSync(this.o.config.caFile, 'utf8');
    return [...tls.rootCertificates, extra];
  }

  /**
   * Fetch the directory once, quickly: a CA that is down must give a clear message at once (acme-client
   * retries a refused connection for over a minute, then fails with an unrelated TypeError).
   */
  private reachable(url: string): Promise<void> {
    const ca = this.trusted();
    return new Promise((resolve, reject) => {
      const down = (why: string) =>
        reject(new SummonerError('certs.ca_unreachable', `the CA at ${url} could not be reached (${why})`, { hint: 'the app answers on HTTP meanwhile; `certs` shows the state' }));
      const req = https.get(url, { ...(ca ? { ca } : {}), agent: false, timeout: 10_000 }, (res) => {
        res.resume();
        if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) resolve();
        else down(`its directory answered ${res.statusCode}`);
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', (err: NodeJS.ErrnoException) => down(err.code ?? err.message));
    });
  }

  private async order(name: string, directory: Directory): Promise<{ cert: string; key: Buffer }> {
    const c = this.o.config;
    const url = directory === 'staging' ? c.stagingUrl : c.directoryUrl;
    this.checkBudget(name, directory);
    await this.reachable(url);
    const acme = await loadAcme();
    const ca = this.trusted();
    if (ca && !this.agentSet) {
      // acme-client talks through its own axios instance
      acme.axios.defaults.httpsAgent = new https.Agent({ ca, keepAlive: false });
      this.agentSet = true;
    }
    const client = new acme.Client({ directoryUrl: url, accountKey: await this.accountKey(), backoffAttempts: 5, backoffMin: 500, backoffMax: 5000 });
    const [key, csr] = await acme.crypto.createCsr({ commonName: name, altNames: [name] }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    this.ledger.add({ at: this.now(), name, kind: 'order', directory });
    try {
      const cert = await client.auto({
        csr,
        ...(c.email ? { email: c.email } : {}),
        termsOfServiceAgreed: true,
        challengePriority: ['http-01'],
        // our pre-flight already probed the proxy; the CA's own validation is the real test
        skipChallengeVerification: true,
        challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
          // the token becomes a file name: base64url only (RFC 8555 §8.3), never a path
          if (!/^[A-Za-z0-9_-]{1,256}$/.test(challenge.token)) throw new Error('the CA sent a malformed challenge token');
          fs.writeFileSync(path.join(this.o.challengeDir, challenge.token), keyAuthorization, { mode: 0o644 });
        },
        challengeRemoveFn: async (_authz, challenge) => {
          if (/^[A-Za-z0-9_-]{1,256}$/.test(challenge.token)) fs.rmSync(path.join(this.o.challengeDir, challenge.token), { force: true });
        },
      });
      this.ledger.add({ at: this.now(), name, kind: 'issued', directory });
      return { cert, key };
    } catch (err) {
      this.ledger.add({ at: this.now(), name, kind: 'failed', directory });
      const msg = String((err as Error)?.message ?? err);
      const down = /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|socket hang up|certificate/i.test(msg);
      throw new SummonerError(
        down ? 'certs.ca_unreachable' : 'certs.ca_error',
        down ? `the CA at ${url} could not be reached (${msg.slice(0, 200)})` : `the CA (${directory}) refused the certificate for ${name}: ${msg.slice(0, 300)}`,
        { hint: 'the app answers on HTTP meanwhile; `certs` shows the state', cause: err },
      );
    }
  }

  /** Inside the CA's published limits, or a `certs.rate_limited` error saying why and until when. */
  private checkBudget(name: string, directory: Directory): void {
    const left = budget(this.ledger.all(), name, directory, this.now(), this.o.config.limits);
    if (left.ok) return;
    throw new SummonerError('certs.rate_limited', `not ordering a certificate for ${name} now: ${left.reason}`, {
      hint: `queued until ${new Date(left.retryAt).toISOString()}, when the CA's budget allows it again`,
      detail: { retryAt: left.retryAt },
    });
  }

  /** Key first, then the chain, each written whole (tmp + rename), 0600. */
  private install(name: string, cert: string, key: Buffer): void {
    const dir = this.certDir(name);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const [file, body] of [['key.pem', key], ['fullchain.pem', cert]] as const) {
      const tmp = path.join(dir, `.${file}.tmp`);
      fs.writeFileSync(tmp, body, { mode: 0o600 });
      fs.renameSync(tmp, path.join(dir, file));
    }
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
    const onDisk = fs.readdirSync(path.join(this.o.dir, 'certs'));
    // a first certificate is the summon's job; the check renews, and retries what failed, for the names
    // served now (a dismissed app's certificate stays on disk for a later summon, unrenewed and unalarmed)
    const served = new Set(this.o.names());
    const names = new Set([...onDisk, ...Object.keys(this.retries)].filter((n) => served.has(n)));
    for (const name of [...names].sort()) {
      const info = this.info(name);
      const retry = this.retries[name];
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
        const last = this.alarmed[name];
        if (last !== undefined && now - last < DAY) continue;
        const daysLeft = Math.max(0, Math.floor((after.notAfter.getTime() - now) / DAY));
        this.o.events.emit({ type: 'cert.expiring', name, notAfter: after.notAfter.toISOString(), daysLeft });
        out.expiring.push(name);
        this.alarmed[name] = now;
        writeJson(path.join(this.o.dir, 'alarms.json'), this.alarmed);
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
    const next = Math.min(...Object.values(this.retries).map((r) => r.retryAt));
    if (!Number.isFinite(next)) return;
    this.timer = setTimeout(() => void this.checkCertificates(), Math.max(1000, Math.min(next - this.now(), 2 ** 31 - 1)));
    this.timer.unref();
  }
}

function hostAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a)
    .map((a) => a.address);
}
