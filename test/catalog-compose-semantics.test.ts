// What docker compose means by a file, kept by the catalog: services of an inactive profile do not run, the
// names a service answers by (container_name, network aliases, links) stay host names, a port the app
// publishes only for its host or only over UDP does not make an HTTP front (a worker's UDP port stays
// published), the app's own HTTPS port is left to the proxy, environment names without a value take .env or
// x-summoner values, .env values use their own variables, a folder of configuration beside the file is
// mounted file by file, and a file written for a reverse proxy tells the web service and port. Found by loading
// real files (test/fixtures/compose: ghost, listmonk, jitsi, onlyoffice, mattermost-docker, mastodon).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { X, issues, notes, ok } from './helpers/minion-doc.js';
import { configSchema } from '../src/config/schema.js';
import { loadCatalog, planDeploy } from '../src/core/catalog/index.js';
import type { Minion } from '../src/core/types.js';

const config = configSchema.parse({ domain: 'example.org', dataRoot: '/srv/data', dbRoot: '/srv/db' });
const plan = (m: Minion) => planDeploy(m, { config, secrets: Object.fromEntries(Object.keys(m.variables).map((k) => [k, 'x'])) });

describe('profiles: what docker compose up runs', () => {
  const doc = (profiles?: string[]) => ({
    services: {
      web: {
        image: 'summoner-test/web:1.0',
        depends_on: { db: { condition: 'service_started' }, stats: { condition: 'service_started', required: false } },
      },
      db: { image: 'postgres:16.4' },
      stats: { image: 'summoner-test/stats:1.0', profiles: ['analytics'], depends_on: ['stats-init'] },
      'stats-init': { image: 'summoner-test/stats:1.0', profiles: ['analytics'], restart: 'no' },
      debug: { image: 'summoner-test/debug:1.0', profiles: ['debug'], ports: ['9999:9999'] },
    },
    'x-summoner': { ...X, ...(profiles ? { profiles } : {}) },
  });

  it('leaves out a service of a profile not listed, and an optional dependency on it, each said', () => {
    const m = ok(doc());
    expect(m.services!.map((s) => s.service).sort()).toEqual(['db', 'web']);
    expect(m.web.dependsOn).toEqual([{ service: 'db', condition: 'service_started', required: true, restart: false }]);
    expect(notes(m)).toMatch(/services\.stats: left out: it runs only with the profile analytics, which docker compose up does not start; list it under x-summoner\.profiles/);
    expect(notes(m)).toMatch(/services\.web\.depends_on\.stats: dropped: stats is left out \(profile analytics\) and the dependency says required: false/);
  });

  it('runs the services of the profiles listed under x-summoner.profiles, with their dependencies', () => {
    const m = ok(doc(['analytics']));
    expect(m.services!.map((s) => s.service).sort()).toEqual(['db', 'stats', 'stats-init', 'web']);
    expect(m.services!.find((s) => s.service === 'stats-init')!.role).toBe('job');
    expect(m.web.dependsOn!.map((d) => d.service)).toEqual(['db', 'stats']);
    expect(notes(m)).toMatch(/services\.stats\.profiles: runs: its profile analytics is listed under x-summoner\.profiles/);
  });

  it('a required dependency on a service left out, and a profile nobody names, are problems saying what to do', () => {
    const d = doc(['analytcs']);
    (d.services.web.depends_on as Record<string, object>).debug = { condition: 'service_started' };
    expect(issues(d)).toEqual([
      'x-summoner.profiles: no service has the profile "analytcs"',
      'services.web.depends_on.debug: debug runs only with the profile debug: list it under x-summoner.profiles, or remove this dependency',
    ]);
  });

  it('without x-summoner, the web service is guessed among the services that run', () => {
    const { 'x-summoner': _x, ...bare } = doc();
    const m = ok({ ...bare, services: { ...bare.services, web: { ...bare.services.web, ports: ['8080:8080'] } } });
    expect(m.web.service).toBe('web');
  });
});

describe('the names a service answers by stay host names on the private network', () => {
  it('container_name, network aliases and link aliases become DNS aliases of the service', () => {
    const m = ok({
      services: {
        web: { image: 'summoner-test/web:1.0', environment: { DB_HOST: 'app_db' }, links: ['cache:redis-host'], networks: { front: { aliases: ['meet.example'] } } },
        db: { image: 'postgres:16.4', container_name: 'app_db' },
        cache: { image: 'redis:7.2.4', container_name: 'db' },
      },
      'x-summoner': X,
    });
    const p = plan(m);
    const aliases = (svc: string) => p.containers.find((c) => c.aliases[0] === svc)!.aliases;
    expect(aliases('db')).toEqual(['db', 'app_db']);
    expect(aliases('web')).toEqual(['web', 'meet.example']);
    // a container_name that is another service's name would take that name over: not kept, and said so
    expect(aliases('cache')).toEqual(['cache', 'redis-host']);
    expect(m.notes!.some((n) => n.key === 'services.cache.container_name' && n.warning && /not kept as a host name: db already names db/.test(n.message))).toBe(true);
    expect(notes(m)).toMatch(/services\.db\.container_name: kept: db also answers by app_db on the app's private network/);
  });

  it('a container_name settled from .env-less defaults is kept; one left with a required variable is only replaced', () => {
    const m = ok({ services: { web: { image: 'summoner-test/web:1.0', container_name: '${NAME:-my-web}' }, db: { image: 'postgres:16.4', container_name: '${DB_NAME:?set it}' } }, 'x-summoner': X });
    const p = plan(m);
    expect(p.containers.find((c) => c.aliases[0] === 'web')!.aliases).toEqual(['web', 'my-web']);
    expect(p.containers.find((c) => c.aliases[0] === 'db')!.aliases).toEqual(['db']);
  });
});

describe('published ports: what makes an HTTP front, and what the proxy serves', () => {
  const doc = {
    services: {
      web: { image: 'summoner-test/web:1.0', ports: ['8000:8080', '8443:443', '3478:3478/udp'] },
      // a focus component: its REST API for the host only
      focus: { image: 'summoner-test/focus:1.0', ports: ['127.0.0.1:8888:8888'] },
      // a media relay: UDP, and a loopback-only stats port
      relay: { image: 'summoner-test/relay:1.0', ports: ['10000:10000/udp', { target: 8080, published: 8080, host_ip: '127.0.0.1' }] },
      admin: { image: 'summoner-test/admin:1.0', ports: ['9000:9000'] },
    },
    'x-summoner': { description: 'a tmp minion', web: { service: 'web' } },
  };

  it('a UDP port or one bound to loopback makes no web service; a TCP port published for all does', () => {
    const m = ok(doc);
    expect(Object.fromEntries(m.services!.map((s) => [s.service, s.role]))).toEqual({ web: 'web', focus: 'worker', relay: 'worker', admin: 'web' });
    expect(notes(m)).toMatch(/services\.relay: role worker \(inferred: its published ports are UDP or bound to loopback, no HTTP front/);
  });

  it("a worker's UDP port published for all stays published (media); its loopback ports, and a focus API, stay private", () => {
    const p = plan(ok(doc));
    const ports = (s: string) => p.containers.find((c) => c.aliases[0] === s)!.ports;
    expect(ports('relay')).toEqual([{ host: 10000, container: 10000, protocol: 'udp' }]);
    expect(ports('focus')).toEqual([]);
    expect(notes(ok(doc))).toMatch(/services\.relay\.ports: published: its UDP port 10000:10000\/udp \(what a worker serves outside, not HTTP\)/);
  });

  it("the web port is read from TCP ports only; the app's own 443 is left to the proxy, its UDP port stays published", () => {
    const m = ok(doc);
    expect(m.web.port).toBe(8080);
    expect(m.web.ports).toEqual([{ host: 3478, container: 3478, protocol: 'udp' }]);
    expect(notes(m)).toMatch(/services\.web\.ports\[1\]: not published: port 443 is the app's own HTTPS; the proxy serves HTTPS at the app's address \(forwarding to port 8080\)/);
    const udpOnly = ok({ services: { web: { image: 'summoner-test/web:1.0', ports: ['10000:10000/udp', '8080:8080'] } }, 'x-summoner': { description: 'x', web: { service: 'web' } } });
    expect(udpOnly.web.port).toBe(8080);
  });
});

describe('environment names without a value', () => {
  it('take the value of x-summoner.variables or .env; the rest are said in one warning per service', () => {
    const names = Array.from({ length: 14 }, (_, i) => `OPT_${i}`);
    const m = ok({
      services: { web: { image: 'summoner-test/web:1.0', environment: ['TOKEN', 'DOMAIN', ...names] }, worker: { image: 'summoner-test/web:1.0', environment: { TOKEN: null, SMTP_USER: null } } },
      'x-summoner': { ...X, variables: { TOKEN: { generate: 'hex', length: 32 } } },
    });
    expect(m.web.environment.TOKEN).toBe('${TOKEN}');
    expect(m.services!.find((s) => s.service === 'worker')!.environment).toEqual({ TOKEN: '${TOKEN}' });
    const warned = m.notes!.filter((n) => n.warning && /have no value|has no value/.test(n.message));
    expect(warned.map((n) => n.key)).toEqual(['services.web.environment', 'services.worker.environment.SMTP_USER']);
    // a built-in is not the shell's: `- DOMAIN` is no request for Summoner's domain
    expect(warned[0]!.message).toMatch(/^ignored: DOMAIN, OPT_0, .*OPT_10 and 3 more have no value here nor in a \.env beside the compose file/);
    expect(warned[1]!.message).toMatch(/^ignored: SMTP_USER has no value/);
  });
});

describe("what a compose file means by a built-in's name, and the second web service's subdomain", () => {
  it("${DOMAIN:?…} stays Summoner's DOMAIN, with a warning saying it is not the app's host name (a .env's DOMAIN included)", () => {
    const m = ok({ services: { web: { image: 'summoner-test/web:1.0', environment: { url: 'https://${DOMAIN:?DOMAIN is required}', plain: '${DOMAIN}' } } }, 'x-summoner': X });
    expect(m.web.environment).toMatchObject({ url: 'https://${DOMAIN}', plain: '${DOMAIN}' });
    // a built-in is always set: ${HOST:+…} is its alternative, with the variable inside it kept
    expect(ok({ services: { web: { image: 'summoner-test/web:1.0', environment: { ADMIN: '${HOST:+https://${HOST}/admin}' } } }, 'x-summoner': X }).web.environment.ADMIN).toBe('https://${HOST}/admin');
    const w = m.notes!.filter((n) => n.warning && /DOMAIN is Summoner's built-in/.test(n.message));
    expect(w.map((n) => n.key)).toEqual(['services.web.environment.url']); // the file's own ${DOMAIN} is Summoner's, as documented
    expect(w[0]!.message).toMatch(/the domain Summoner is configured with, not the app's host name\): if the app means its own address here, write \$\{HOST\}/);
  });

  it('a service named after the app is served at <subdomain>-<rest>, not the app name twice', () => {
    const m = ok({ services: { web: { image: 'summoner-test/web:1.0' }, 'app-mail': { image: 'summoner-test/mail:1.0', ports: ['1080:1080'] }, stats: { image: 'summoner-test/stats:1.0', ports: ['3000:3000'] } }, 'x-summoner': X });
    expect(Object.fromEntries(m.services!.filter((s) => s.role === 'web').map((s) => [s.service, s.subdomain]))).toEqual({ web: 'app', 'app-mail': 'app-mail', stats: 'app-stats' });
  });
});

describe('a folder of the minion folder bind-mounted: configuration, or a data volume', () => {
  it('small regular files are copied read-only; a large file, or a symlink, keeps it a named volume, with a warning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-folders-'));
    try {
      const app = path.join(dir, 'app');
      fs.mkdirSync(path.join(app, 'nginx/conf.d'), { recursive: true });
      fs.writeFileSync(path.join(app, 'nginx/conf.d/site.conf'), 'server { listen 80; }\n');
      fs.writeFileSync(path.join(app, 'nginx/mime.types'), 'types {}\n');
      fs.mkdirSync(path.join(app, 'data'));
      fs.writeFileSync(path.join(app, 'data/app.db'), Buffer.alloc(100 * 1024));
      fs.mkdirSync(path.join(app, 'linked'));
      fs.symlinkSync('/etc/hostname', path.join(app, 'linked/hostname'));
      fs.mkdirSync(path.join(app, 'empty'));
      const compose = { services: { web: { image: 'summoner-test/web:1.0', volumes: ['./nginx:/etc/nginx:ro', './data:/var/lib/app', './linked:/x', './empty:/y'] } }, 'x-summoner': X };
      fs.writeFileSync(path.join(app, 'compose.yml'), dump(compose));
      const c = loadCatalog([{ dir, origin: 'custom' }]);
      expect(c.problems).toEqual([]);
      const m = c.get('app')!;
      const p = plan(m);
      const web = p.containers.find((x) => x.aliases[0] === 'web')!;
      expect(web.mounts.filter((x) => x.target.startsWith('/etc/nginx')).map((x) => [x.target, x.readOnly])).toEqual([
        ['/etc/nginx/conf.d/site.conf', true],
        ['/etc/nginx/mime.types', true],
      ]);
      expect(p.files!.find((f) => f.path.endsWith('etc-nginx-conf.d-site.conf'))!.content).toBe('server { listen 80; }\n');
      expect(m.volumes).toEqual(expect.arrayContaining(['data', 'linked', 'empty']));
      const n = notes(m);
      expect(n).toMatch(/services\.web\.volumes\[0\]: normalised: the folder \.\/nginx of the minion's folder holds configuration \(conf\.d\/site\.conf, mime\.types\)/);
      expect(n).toMatch(/services\.web\.volumes\[1\]: the folder \.\/data of the minion's folder is not copied \(app\.db is over 65536 bytes, data rather than configuration\)/);
      expect(n).toMatch(/services\.web\.volumes\[2\]: the folder \.\/linked of the minion's folder is not copied \(hostname is not a regular file\)/);
      expect(n).not.toMatch(/services\.web\.volumes\[3\]: the folder/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the web port of a service behind its own reverse proxy', () => {
  it('is read from expose when nothing is published, with a note; published ports come first', () => {
    const m = ok({ services: { web: { image: 'summoner-test/web:1.0', expose: ['2368'] } }, 'x-summoner': { description: 'x', web: { service: 'web' } } });
    expect(m.web.port).toBe(2368);
    expect(notes(m)).toMatch(/x-summoner\.web\.port: the web port is 2368, read from its expose \(nothing is published\)/);
    const both = ok({ services: { web: { image: 'summoner-test/web:1.0', expose: ['9000'], ports: ['8080:80'] } }, 'x-summoner': { description: 'x', web: { service: 'web' } } });
    expect(both.web.port).toBe(80);
    expect(issues({ services: { web: { image: 'summoner-test/web:1.0', expose: ['5000-5010'] } }, 'x-summoner': { description: 'x', web: { service: 'web' } } })).toEqual(['x-summoner.web.port: the HTTP port of web cannot be read from its ports: set x-summoner.web.port']);
  });
});

describe('variables inside .env and env_file values', () => {
  it('are settled from the names set before, then the .env (for an env_file); single quotes keep them literal', async () => {
    const { parseDotenv, settleDotenv } = await import('../src/core/catalog/words.js');
    const dotenv = settleDotenv(parseDotenv("USER=mm\nPASS=s3cr\nURL=postgres://${USER}:${PASS}@db/${DB:-app}\nRAW='${USER}'\nLATER=${AFTER}\nAFTER=x\n"));
    expect(dotenv).toEqual({ USER: 'mm', PASS: 's3cr', URL: 'postgres://mm:s3cr@db/app', RAW: '${USER}', LATER: '', AFTER: 'x' });
    expect(settleDotenv(parseDotenv('SITE=https://${DOMAIN}/x\nCOST=$5 $$\n'), { DOMAIN: 'mm.example.com' })).toEqual({ SITE: 'https://mm.example.com/x', COST: '$5 $' });
  });
});

describe('a file whose every service has a profile', () => {
  it('says to list the profiles to run, in one problem', () => {
    const got = issues({ services: { web: { image: 'summoner-test/web:1.0', profiles: ['prod'] }, db: { image: 'postgres:16.4', profiles: ['prod', 'db'] } }, 'x-summoner': X });
    expect(got[0]).toBe('services: every service runs only with a profile (prod, db), and docker compose up starts none: list the ones to run under x-summoner.profiles');
    expect(ok({ services: { web: { image: 'summoner-test/web:1.0', profiles: ['prod'] } }, 'x-summoner': { ...X, profiles: ['prod'] } }).web.service).toBe('web');
  });
});

describe('a file written for a reverse proxy (nginx-proxy, Traefik) publishes no port', () => {
  it("tells the web port by VIRTUAL_PORT or a Traefik service's port label, and the web service by VIRTUAL_HOST or Traefik routers", () => {
    const traefik = ok({
      services: {
        worker: { image: 'summoner-test/worker:1.0', depends_on: [] },
        app: { image: 'summoner-test/web:1.0', labels: ['traefik.enable=true', 'traefik.http.routers.app.rule=Host(`app.example.com`)', 'traefik.http.services.app.loadbalancer.server.port=8080'] },
        db: { image: 'postgres:16.4' },
      },
    });
    expect(traefik.web).toMatchObject({ service: 'app', port: 8080 });
    expect(notes(traefik)).toMatch(/x-summoner\.web\.service: app \(guessed: the first service the file routes a reverse proxy to \(VIRTUAL_HOST, Traefik or caddy-docker-proxy labels\)\)/);
    expect(notes(traefik)).toMatch(/x-summoner\.web\.port: the web port is 8080, read from what the file tells its reverse proxy/);
    const nginxProxy = ok({ services: { app: { image: 'summoner-test/web:1.0', environment: { VIRTUAL_HOST: 'app.example.com', VIRTUAL_PORT: '3000' }, expose: ['9000'] } } });
    expect(nginxProxy.web).toMatchObject({ service: 'app', port: 3000 });
  });
});

describe('links order the start, as depends_on does', () => {
  it('each link (service or service:alias) is a dependency on the service started, beside depends_on; the names stay host names', () => {
    const m = ok({
      services: {
        web: { image: 'summoner-test/web:1.0', links: ['db', 'redis:cache', 'web'], depends_on: { db: { condition: 'service_healthy' } } },
        db: { image: 'mariadb:10.11.9' },
        redis: { image: 'redis:7.2.5' },
      },
      'x-summoner': X,
    });
    expect(m.web.dependsOn).toEqual([
      { service: 'db', condition: 'service_healthy', required: true, restart: false },
      { service: 'redis', condition: 'service_started', required: true, restart: false },
    ]);
    expect(notes(m)).toMatch(/services\.web\.links: kept as an order: web starts after redis, as a link implies in compose/);
    expect(plan(m).containers.find((c) => c.aliases[0] === 'redis')!.aliases).toContain('cache');
    expect(plan(m).services.map((s) => s.service)).toEqual(['db', 'redis', 'web']);
  });
});
