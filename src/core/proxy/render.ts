// nginx configuration from the minions' metadata (pure: no I/O). One file set = nginx.conf + one
// sites/<app>.conf per minion. Paths inside a set are relative (`include sites/*.conf`): nginx resolves them
// against the folder of the file given with -c, so a set checks and runs the same wherever it sits.
import net from 'node:net';
import { SummonerError } from '../../errors.js';
import { CHALLENGE_ANSWER, CHALLENGE_TOKEN } from '../challenges.js';

/** Where the proxy container sees Summoner's files (bind mounts, read-only). */
export const IN_PROXY = {
  /** `<stateDir>/proxy`: the file sets, the `current` link, the ACME challenge folder. */
  root: '/etc/summoner/proxy',
  /** `<stateDir>/acme/certs`: one folder per name with fullchain.pem and key.pem. */
  certs: '/etc/summoner/certs',
} as const;

export const CURRENT = 'current';
export const CHALLENGES = 'challenges';

/** What the proxy needs to know about one minion. */
export interface ProxySite {
  app: string;
  /** `<subdomain>.<domain>` */
  host: string;
  /** The app container's name on the shared network, and its HTTP port. */
  upstream: { container: string; port: number };
  /** nginx size syntax (`10m`; `0` = unlimited). */
  maxBodySize: string;
  websocket: boolean;
  timeoutS: number;
}

export interface RenderOptions {
  /** DNS server nginx may use at run time (upstreams do not: they are addresses, see `addresses`). */
  resolver: string;
  /** The published HTTPS port, for redirects when it is not 443. */
  httpsPort: number;
  /** Names that have a certificate on disk (their server blocks listen on 443 and HTTP redirects). */
  withCertificate: ReadonlySet<string>;
  /**
   * Each upstream container's address on the proxy network at render time (container name → IP). Upstreams are
   * rendered as addresses, not names: nginx resolves names once at load and refuses to load when one does not
   * resolve, so an app that is down would keep every other site from changing. A container without an address
   * (stopped, gone) gets a 502 site until it is back; the proxy re-renders when a container starts, stops or is
   * re-created (proxy/nginx.ts).
   */
  addresses: ReadonlyMap<string, string>;
  /**
   * `dns` (a Swarm): upstreams are service names, resolved by Docker's DNS when a request comes (a variable in
   * proxy_pass), never at load, so a service that is down or moving keeps no other site from loading, and a task
   * that moved is found without a new configuration. `addresses` (one host, the default): see `addresses`.
   */
  upstreams?: 'addresses' | 'dns';
  /**
   * HTTP-01 answers served from the configuration itself (token → answer), instead of the challenge folder: on a
   * Swarm the configuration is what reaches every node.
   */
  challenges?: ReadonlyMap<string, string>;
}

// Values come from catalog files (custom ones too): anything that could close a directive or a block
// (`;`, `{`, `}`, quotes, spaces) would let a minion inject configuration, so only plain tokens pass here.
// Whether nginx accepts the token is `nginx -t`'s call.
const TOKEN = /^[A-Za-z0-9._-]+$/;

function token(value: string, what: string, app: string): string {
  if (!TOKEN.test(value)) {
    throw new SummonerError('proxy.config_invalid', `${app}: ${what} ${JSON.stringify(value)} is not a plain value`, {
      hint: 'fix the minion\'s x-summoner.proxy settings',
    });
  }
  return value;
}

export function challengeLocation(o: Pick<RenderOptions, 'challenges'> = {}): string {
  if (o.challenges) {
    const exact = [...o.challenges].sort(([a], [b]) => a.localeCompare(b)).map(([t, answer]) => {
      if (!CHALLENGE_TOKEN.test(t) || !CHALLENGE_ANSWER.test(answer)) throw new SummonerError('proxy.config_invalid', 'a challenge token or answer is not a plain value');
      return `    location = /.well-known/acme-challenge/${t} { default_type text/plain; return 200 "${answer}"; }`;
    });
    return [...exact, '    location ^~ /.well-known/acme-challenge/ { return 404; }'].join('\n');
  }
  return [
    '    location ^~ /.well-known/acme-challenge/ {',
    `        alias ${IN_PROXY.root}/${CHALLENGES}/;`,
    '        default_type text/plain;',
    '    }',
  ].join('\n');
}

export function renderMain(o: Pick<RenderOptions, 'resolver' | 'challenges'>): string {
  return `# Written by Summoner: edits are replaced at the next change.
worker_processes auto;
pid /run/nginx-summoner.pid;  # read by Summoner: nginx is up
error_log stderr warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    # long names (<app>.<domain>) need bigger buckets than the default
    server_names_hash_bucket_size 128;
    server_names_hash_max_size 4096;
    # not used for the upstreams (rendered as addresses); kept for what may resolve at run time
    resolver ${token(o.resolver, 'resolver', 'proxy')} valid=2s ipv6=off;
    resolver_timeout 5s;
    # no upgrade asked: an empty Connection header keeps the upstream connection alive for the next request
    map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:summoner:10m;

    # unknown names: the ACME challenge (pre-flight self-probe) and nothing else
    server {
        listen 80 default_server;
        server_name _;
${challengeLocation(o)}
        location / { return 404; }
    }
    server {
        listen 443 ssl default_server;
        ssl_reject_handshake on;
    }

    include upstreams.conf;
    include sites/*.conf;
}
`;
}

function upstreamPort(s: ProxySite): number {
  const port = Number(s.upstream.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SummonerError('proxy.config_invalid', `${s.app}: upstream port ${String(s.upstream.port)} is not a port`);
  }
  return port;
}

/** The upstream block's name for one container port (shared by every site in front of it). */
export function upstreamName(s: ProxySite): string {
  return `summoner_${token(s.upstream.container, 'container', s.app)}_${upstreamPort(s)}`;
}

/** The container's address as nginx writes it (`[v6]`), or undefined when it has none or it is not an IP. */
function addressOf(s: ProxySite, o: Pick<RenderOptions, 'addresses'>): string | undefined {
  const ip = o.addresses.get(s.upstream.container);
  if (!ip) return undefined;
  const kind = net.isIP(ip);
  if (!kind) throw new SummonerError('proxy.config_invalid', `${s.app}: the container's address ${JSON.stringify(ip)} is not an IP address`);
  return kind === 6 ? `[${ip}]` : ip;
}

/**
 * One upstream block per container port with an address. `keepalive` keeps idle connections to the app open
 * between requests (with HTTP/1.1 and an empty Connection header in the location): no TCP set-up per request.
 */
export function renderUpstreams(sites: readonly ProxySite[], o: Pick<RenderOptions, 'addresses' | 'upstreams'>): string {
  if (o.upstreams === 'dns') return '# Written by Summoner: upstreams are service names, resolved per request (sites/*.conf).\n';
  const blocks = new Map<string, string>();
  for (const s of sites) {
    const address = addressOf(s, o);
    const name = upstreamName(s);
    if (!address || blocks.has(name)) continue;
    blocks.set(name, [`upstream ${name} {`, `    server ${address}:${upstreamPort(s)};`, '    keepalive 32;', '    keepalive_timeout 60s;', '}'].join('\n'));
  }
  return `# Written by Summoner: the app containers' addresses at render time.\n${[...blocks.keys()].sort().map((k) => `${blocks.get(k)!}\n`).join('')}`;
}

function proxyLocation(s: ProxySite, o: RenderOptions): string {
  const name = upstreamName(s);
  const dns = o.upstreams === 'dns';
  if (!dns && !addressOf(s, o)) {
    return ['    location / {', `        # ${token(s.upstream.container, 'container', s.app)} is not running: 502 until it is back`, '        return 502;', '    }'].join('\n');
  }
  const lines = [
    '    location / {',
    ...(dns
      ? [
          // a variable makes nginx resolve the name per request (resolver above, Docker's DNS) and not at load
          `        set $summoner_upstream ${token(s.upstream.container, 'service', s.app)};`,
          `        proxy_pass http://$summoner_upstream:${upstreamPort(s)};`,
          // dnsrr names every task: a task that is going away (drained, updated) is skipped for the next one
          '        proxy_connect_timeout 3s;',
          '        proxy_next_upstream error timeout http_502 http_503;',
        ]
      : [`        proxy_pass http://${name};`]),
    '        proxy_http_version 1.1;',
    '        proxy_set_header Host $host;',
    '        proxy_set_header X-Real-IP $remote_addr;',
    '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '        proxy_set_header X-Forwarded-Proto $scheme;',
    '        proxy_set_header X-Forwarded-Host $host;',
    s.websocket ? '        proxy_set_header Upgrade $http_upgrade;' : '',
    s.websocket ? '        proxy_set_header Connection $connection_upgrade;' : '        proxy_set_header Connection "";',
    `        proxy_read_timeout ${Math.trunc(s.timeoutS)}s;`,
    `        proxy_send_timeout ${Math.trunc(s.timeoutS)}s;`,
    '    }',
  ];
  return lines.filter(Boolean).join('\n');
}

/** One minion's server blocks: HTTP (challenge + redirect once a certificate exists), HTTPS with it. */
export function renderSite(s: ProxySite, o: RenderOptions): string {
  const host = token(s.host, 'host name', s.app);
  const body = `    client_max_body_size ${token(s.maxBodySize, 'proxy.maxBodySize', s.app)};`;
  const tls = o.withCertificate.has(s.host);
  const redirect = o.httpsPort === 443 ? 'https://$host$request_uri' : `https://$host:${o.httpsPort}$request_uri`;
  const http = [
    `# ${s.app}`,
    'server {',
    '    listen 80;',
    `    server_name ${host};`,
    body,
    challengeLocation(o),
    tls ? `    location / { return 301 ${redirect}; }` : proxyLocation(s, o),
    '}',
  ];
  if (!tls) return `${http.join('\n')}\n`;
  const https = [
    'server {',
    '    listen 443 ssl;',
    `    server_name ${host};`,
    `    ssl_certificate ${IN_PROXY.certs}/${host}/fullchain.pem;`,
    `    ssl_certificate_key ${IN_PROXY.certs}/${host}/key.pem;`,
    body,
    proxyLocation(s, o),
    '}',
  ];
  return `${http.join('\n')}\n${https.join('\n')}\n`;
}

/** Served on the catch-all server with the set's id: a switch is confirmed when new connections see it. */
export const GENERATION_PATH = '/.well-known/summoner-proxy-set';

/** Add the set's id to its nginx.conf (the id is Summoner's own: base36 and hex). */
export function withGeneration(files: Map<string, string>, id: string): void {
  if (!/^[a-z0-9-]+$/.test(id)) throw new SummonerError('proxy.config_invalid', 'a set id is not a plain value');
  files.set('nginx.conf', files.get('nginx.conf')!.replace('        location / { return 404; }', `        location = ${GENERATION_PATH} { default_type text/plain; return 200 "${id}"; }\n        location / { return 404; }`));
}

/** The whole file set: relative path → content. */
export function renderSet(sites: readonly ProxySite[], o: RenderOptions): Map<string, string> {
  const files = new Map<string, string>([['nginx.conf', renderMain(o)], ['upstreams.conf', renderUpstreams(sites, o)]]);
  // one file per minion (`nginx -t` names the culprit by it), holding a site per web service
  for (const s of [...sites].sort((a, b) => a.app.localeCompare(b.app) || a.host.localeCompare(b.host))) {
    const file = `sites/${token(s.app, 'app name', s.app)}.conf`;
    files.set(file, `${files.get(file) ?? ''}${renderSite(s, o)}`);
  }
  return files;
}
