// Debian's Pebble (Let's Encrypt's test CA) and pebble-challtestsrv (its DNS answering every name with
// 127.0.0.1), started per test on free loopback ports and stopped after. Pebble's own HTTPS uses a CA
// made here with openssl (Debian's pebble ships no test certificates). Argv only, no shell.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { configSchema, type Config } from '../../src/config/schema.js';
import { freePort } from './docker.js';

export function pebbleAvailable(): boolean {
  const ok = ['/usr/bin/pebble', '/usr/bin/pebble-challtestsrv', '/usr/bin/openssl'].every((f) => fs.existsSync(f));
  if (!ok && process.env.SUMMONER_REQUIRE_ENGINE === '1') throw new Error('SUMMONER_REQUIRE_ENGINE=1 but pebble is missing: run scripts/docker/setup.sh (scripts/acme/setup.sh)');
  return ok;
}

/** A CA and a server certificate for 127.0.0.1/localhost (and `ips`), for Pebble's own HTTPS. */
export function makeTlsFiles(dir: string, ips: string[] = []): { caFile: string; certFile: string; keyFile: string } {
  fs.mkdirSync(dir, { recursive: true });
  const f = (n: string) => path.join(dir, n);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=summoner test CA', '-keyout', f('ca.key'), '-out', f('ca.pem'));
  ossl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-keyout', f('key.pem'), '-out', f('req.csr'));
  fs.writeFileSync(f('ext.cnf'), `subjectAltName=DNS:localhost,IP:127.0.0.1${ips.map((ip) => `,IP:${ip}`).join('')}\n`);
  ossl('x509', '-req', '-in', f('req.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', f('ext.cnf'), '-out', f('cert.pem'));
  return { caFile: f('ca.pem'), certFile: f('cert.pem'), keyFile: f('key.pem') };
}

export interface Pebble {
  directoryUrl: string;
  tls: { caFile: string; certFile: string; keyFile: string };
  /** The CA file that Pebble's own HTTPS is signed with (certificates.caFile). */
  caFile: string;
  /** Pebble's issuing root (PEM), to verify what it issued. */
  root(): Promise<string>;
  /** Resolve names the way Pebble does (its DNS server), for the pre-flight. */
  dnsServer: string;
  stop(): Promise<void>;
}

async function waitOutput(p: ChildProcess, re: RegExp, what: string, ms = 15_000): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${seen.slice(-500)}`)), ms);
    const on = (d: Buffer) => {
      seen += d.toString();
      if (re.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    p.stdout?.on('data', on);
    p.stderr?.on('data', on);
    p.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${seen.slice(-500)}`));
    });
  });
}

const stopProc = (p: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });

/** A DNS server answering every A query with `ipv4` (127.0.0.1 by default; a Swarm node's address) and no AAAA. */
export async function startChallTestSrv(ipv4 = '127.0.0.1'): Promise<{ address: string; stop(): Promise<void> }> {
  const dnsPort = await freePort();
  const mgmtPort = await freePort();
  const p = spawn(
    'pebble-challtestsrv',
    ['-dns01', `127.0.0.1:${dnsPort}`, '-management', `127.0.0.1:${mgmtPort}`, '-http01', '', '-https01', '', '-tlsalpn01', '', '-defaultIPv4', ipv4, '-defaultIPv6', ''],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitOutput(p, /Starting management server/i, 'pebble-challtestsrv');
  return { address: `127.0.0.1:${dnsPort}`, stop: () => stopProc(p) };
}

/**
 * Pebble validating HTTP-01 on `httpPort` (the proxy's published port), certificates valid for
 * `validityS` seconds (Pebble 2.4's certificateValidityPeriod), names resolved through `dnsServer`.
 */
export async function startPebble(o: {
  dir: string;
  httpPort: number;
  dnsServer: string;
  validityS?: number;
  /** Listen here (default: a free port). */
  port?: number;
  /** Reuse another Pebble's TLS files (one caFile trusts both). */
  tls?: { caFile: string; certFile: string; keyFile: string };
  /** Names Pebble refuses to issue for. */
  blocklist?: string[];
  /** The address its directory listens on (default 127.0.0.1; a container dials the bridge's gateway). */
  host?: string;
}): Promise<Pebble> {
  fs.mkdirSync(o.dir, { recursive: true });
  const host = o.host ?? '127.0.0.1';
  const tlsFiles = o.tls ?? makeTlsFiles(path.join(o.dir, 'tls'), host === '127.0.0.1' ? [] : [host]);
  const port = o.port ?? (await freePort());
  const mgmt = await freePort();
  const config = {
    pebble: {
      listenAddress: `${host}:${port}`,
      managementListenAddress: `127.0.0.1:${mgmt}`,
      certificate: tlsFiles.certFile,
      privateKey: tlsFiles.keyFile,
      httpPort: o.httpPort,
      tlsPort: await freePort(),
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
      ...(o.validityS ? { certificateValidityPeriod: o.validityS } : {}),
      ...(o.blocklist ? { domainBlocklist: o.blocklist } : {}),
    },
  };
  const file = path.join(o.dir, 'pebble-config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  const p = spawn('pebble', ['-config', file, '-dnsserver', o.dnsServer], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // no random sleeps before validations, no rejected nonces, a fresh authorization for every order
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
  });
  const log: string[] = [];
  p.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
  await waitOutput(p, /Listening on/i, 'pebble');
  const ca = fs.readFileSync(tlsFiles.caFile);
  return {
    directoryUrl: `https://${host}:${port}/dir`,
    caFile: tlsFiles.caFile,
    tls: tlsFiles,
    dnsServer: o.dnsServer,
    root: () =>
      new Promise((resolve, reject) => {
        https
          .get(`https://127.0.0.1:${mgmt}/roots/0`, { ca }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`roots: ${res.statusCode}`))));
          })
          .on('error', reject);
      }),
    stop: () => stopProc(p),
  };
}

/**
 * A managed proxy (the local nginx image) on the given loopback ports, with certificates from this Pebble
 * checked every 2 s (so short-lived certificates renew within a test); `certificates` adds or overrides keys.
 */
export function pebbleConfig(base: Config, pebble: Pebble, ports: { httpPort: number; httpsPort: number }, certificates: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    ...base,
    proxy: { mode: 'managed', image: 'summoner-test/nginx:1.22', bind: '127.0.0.1', ...ports },
    certificates: { email: 'ops@example.org', directoryUrl: pebble.directoryUrl, stagingUrl: '', caFile: pebble.caFile, checkCron: '*/2 * * * * *', alarmDays: 0, ...certificates },
  });
}
