// The pre-flight before an order: the name resolves to this host, and the proxy answers an HTTP-01 token for
// it on port 80. Each failure says what is wrong and what to do (`certs.preflight`).
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import os from 'node:os';
import type { CertificatesConfig } from '../../config/schema.js';
import { SummonerError } from '../../errors.js';
import { getVia, type ReachAddress } from '../http-probe.js';
import type { ChallengeBoard } from '../challenges.js';

export interface PreflightOptions {
  config: Pick<CertificatesConfig, 'skipDnsCheck' | 'publicIps'>;
  /** Where HTTP-01 answers go (the proxy serves them). */
  challenges: ChallengeBoard;
  /** Where the bot reaches the proxy's HTTP port (self-probe): addresses tried in order. */
  probe: ReachAddress | (() => Promise<ReachAddress[]>);
  /** Name → IPv4/IPv6 addresses (tests point it at their own DNS server). */
  lookup?: (name: string) => Promise<string[]>;
  /** What "this host" is, when config.publicIps is empty (on a Swarm: every node's address). */
  localAddresses?: () => string[] | Promise<string[]>;
}

/** The name resolves to this host, and the proxy answers a challenge token for it. Says what is wrong. */
export async function preflight(name: string, o: PreflightOptions): Promise<void> {
  const c = o.config;
  if (!c.skipDnsCheck) {
    const lookup = o.lookup ?? ((n: string) => dns.lookup(n, { all: true }).then((l) => l.map((a) => a.address)));
    const addresses = await lookup(name).catch((err: unknown) => {
      throw new SummonerError('certs.preflight', `${name} does not resolve (${(err as { code?: string }).code ?? 'no answer'})`, {
        hint: `add a DNS record for ${name} (or a wildcard) pointing at this host`,
      });
    });
    const mine = new Set(c.publicIps.length ? c.publicIps : await (o.localAddresses ?? hostAddresses)());
    if (!addresses.some((a) => mine.has(a))) {
      throw new SummonerError('certs.preflight', `${name} resolves to ${addresses.join(', ') || 'nothing'}, not to this host (${[...mine].join(', ')})`, {
        hint: 'point its A/AAAA record here, or list this host\'s public addresses in certificates.publicIps',
      });
    }
  }
  const token = crypto.randomBytes(18).toString('base64url');
  await o.challenges.put(token, `summoner-probe-${token}`);
  try {
    const at = typeof o.probe === 'function' ? await o.probe() : [o.probe];
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
    await o.challenges.remove(token);
  }
}

function hostAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a)
    .map((a) => a.address);
}
