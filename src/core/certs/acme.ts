// The ACME client (acme-client does RFC 8555): the account key (created once), the CA's directory checked
// reachable first, the CA's budget checked against the ledger, the order answered by HTTP-01 files the proxy
// serves. Errors are coded (certs.ca_unreachable, certs.ca_error, certs.rate_limited).
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import type { CertificatesConfig } from '../../config/schema.js';
import { SummonerError } from '../../errors.js';
import { CHALLENGE_TOKEN, type ChallengeBoard } from '../challenges.js';
import { budget, type Directory, type Ledger } from './ledger.js';

type Acme = typeof import('acme-client');
let acmeModule: Promise<Acme> | undefined;
/** acme-client (with its axios) weighs ~28 MB of memory: loaded at the first order, not at start. */
const loadAcme = (): Promise<Acme> => (acmeModule ??= import('acme-client').then((m) => ((m as { default?: Acme }).default ?? m) as Acme));

export interface AcmeClientOptions {
  config: CertificatesConfig;
  /** `<stateDir>/acme`: account.key lives here. */
  dir: string;
  /** Where HTTP-01 answers go (the proxy serves them). */
  challenges: ChallengeBoard;
  ledger: Ledger;
  now: () => number;
}

export class AcmeClient {
  private agentSet = false;

  constructor(private readonly o: AcmeClientOptions) {}

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

  async order(name: string, directory: Directory): Promise<{ cert: string; key: Buffer }> {
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
    this.o.ledger.add({ at: this.o.now(), name, kind: 'order', directory });
    try {
      const cert = await client.auto({
        csr,
        ...(c.email ? { email: c.email } : {}),
        termsOfServiceAgreed: true,
        challengePriority: ['http-01'],
        // our pre-flight already probed the proxy; the CA's own validation is the real test
        skipChallengeVerification: true,
        challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
          // the token becomes a file name or configuration text: base64url only (RFC 8555 §8.3)
          if (!CHALLENGE_TOKEN.test(challenge.token)) throw new Error('the CA sent a malformed challenge token');
          await this.o.challenges.put(challenge.token, keyAuthorization);
        },
        challengeRemoveFn: async (_authz, challenge) => {
          await this.o.challenges.remove(challenge.token);
        },
      });
      this.o.ledger.add({ at: this.o.now(), name, kind: 'issued', directory });
      return { cert, key };
    } catch (err) {
      this.o.ledger.add({ at: this.o.now(), name, kind: 'failed', directory });
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
  checkBudget(name: string, directory: Directory): void {
    const left = budget(this.o.ledger.all(), name, directory, this.o.now(), this.o.config.limits);
    if (left.ok) return;
    throw new SummonerError('certs.rate_limited', `not ordering a certificate for ${name} now: ${left.reason}`, {
      hint: `queued until ${new Date(left.retryAt).toISOString()}, when the CA's budget allows it again`,
      detail: { retryAt: left.retryAt },
    });
  }
}
