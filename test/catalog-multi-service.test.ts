// Issue 14, "what to build" 2, in the catalog, the plan and the proxy's rendering: a minion may have more than
// one web service (each at its own subdomain: `<subdomain>-<service>` or the one set in x-summoner.subdomains)
// and several databases (each in its own unit, each dumped by its type); a database Summoner cannot dump
// (ClickHouse) loads, and the note says the cold copy covers it.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { minionFromDoc, parseCatalogText, planDeploy } from '../src/core/catalog/index.js';
import { renderSet, type ProxySite } from '../src/core/proxy/render.js';
import { sitesFromPlan } from '../src/core/proxy/sites.js';
import type { Minion } from '../src/core/types.js';

const config = configSchema.parse({ domain: 'example.org', dataRoot: '/srv/summoner/data', dbRoot: '/srv/summoner/databases' });
const src = (name: string) => ({ name, file: `/tmp/${name}/compose.yml`, origin: 'custom' as const, digest: 'sha256:x' });
const PG = `postgres:16.4@sha256:${'b'.repeat(64)}`;

const doc = (x: object = {}) => ({
  services: {
    app: { image: 'summoner-test/web:1.0', ports: ['8080:8080'], depends_on: { db: { condition: 'service_healthy' }, audit: { condition: 'service_healthy' } } },
    admin: { image: 'summoner-test/web:1.0', ports: ['9000:9000'], depends_on: ['db'] },
    db: { image: PG, environment: { POSTGRES_PASSWORD: '${DB_PASSWORD}' }, volumes: ['pgdata:/var/lib/postgresql/data'] },
    audit: { image: 'mariadb:10.11.9', environment: { MARIADB_PASSWORD: '${DB_PASSWORD}' }, volumes: ['auditdata:/var/lib/mysql'] },
    events: { image: 'clickhouse/clickhouse-server:24.12-alpine', volumes: ['event-data:/var/lib/clickhouse'] },
  },
  volumes: { pgdata: {}, auditdata: {}, 'event-data': {} },
  'x-summoner': { description: 'two webs, three databases', web: { service: 'app', port: 8080 }, variables: { DB_PASSWORD: { generate: 'password' } }, ...x },
});

const load = (d: object, name = 'duo'): Minion => {
  const r = minionFromDoc(d as Record<string, unknown>, src(name));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.minion;
};
const secrets = { DB_PASSWORD: 'pw' };

describe('several web services and several databases in one minion', () => {
  it('roles, subdomains and notes: the second web at <subdomain>-<service>, ClickHouse a database covered by the cold copy', () => {
    const m = load(doc());
    const roles = Object.fromEntries(m.services!.map((s) => [s.service, [s.role, s.dbType ?? null, s.subdomain ?? null]]));
    expect(roles).toEqual({ app: ['web', null, 'duo'], admin: ['web', null, 'duo-admin'], db: ['database', 'postgres', null], audit: ['database', 'mariadb', null], events: ['database', null, null] });
    expect(m.web.service).toBe('app');
    expect(m.database).toMatchObject({ service: 'db', type: 'postgres' });
    const notes = m.notes!.map((n) => `${n.key}: ${n.message}`).join('\n');
    expect(notes).toMatch(/services\.admin: a second web service: served at duo-admin\.<domain>/);
    expect(notes).toMatch(/services\.events: database events \(clickhouse\/clickhouse-server\): Summoner has no dump for it; the cold copy \(the app stopped\) covers its volumes/);
    expect(notes).toMatch(/x-summoner\.backup: every database is dumped: db, audit/);
    expect(m.backup).toEqual({ hot: true, cold: true });
  });

  it('the plan runs every service in its own unit: webs on the proxy network at their hosts, databases private', () => {
    const plan = planDeploy(load(doc()), { config, secrets });
    const by = Object.fromEntries(plan.containers.map((c) => [c.aliases[0], c]));
    expect(Object.fromEntries(plan.containers.map((c) => [c.aliases[0], [c.name, c.role]]))).toEqual({
      app: ['duo-example.org', 'app'],
      admin: ['duo-admin-example.org', 'web'],
      db: ['postgres-duo-example.org', 'db'],
      audit: ['duo-audit-example.org', 'db'],
      events: ['duo-events-example.org', 'db'],
    });
    expect(by.admin!.env).toMatchObject({ VIRTUAL_HOST: 'duo-admin.example.org', VIRTUAL_PORT: '9000' });
    expect(by.admin!.networks).toEqual([config.engine.proxyNetwork, 'summoner-duo-example.org']);
    expect(by.admin!.ports).toEqual([]); // the proxy serves it
    for (const d of ['db', 'audit', 'events']) expect(by[d]!.networks).toEqual(['summoner-duo-example.org']);
    // every database's volume under the database root; each database started before what depends on it
    expect(plan.volumes.find((v) => v.name === 'event-data')!.folder).toBe('/srv/summoner/databases/duo/event-data');
    const at = (s: string) => plan.containers.findIndex((c) => c.aliases[0] === s);
    expect(at('db')).toBeLessThan(at('admin'));
    expect(at('audit')).toBeLessThan(at('app'));
    expect(plan.services.find((s) => s.service === 'admin')).toMatchObject({ host: 'duo-admin.example.org', container: 'duo-admin-example.org' });
    expect(plan.services.every((s) => s.container)).toBe(true);
  });

  it('x-summoner.subdomains names a web service\'s subdomain; a clash or a non-web service is refused, saying what to do', () => {
    const m = load(doc({ subdomains: { admin: 'backoffice' } }));
    expect(m.services!.find((s) => s.service === 'admin')!.subdomain).toBe('backoffice');
    expect(planDeploy(m, { config, secrets }).containers.find((c) => c.role === 'web')!.env.VIRTUAL_HOST).toBe('backoffice.example.org');
    const bad = minionFromDoc(doc({ subdomains: { admin: 'duo', db: 'pg', nope: 'x' } }) as Record<string, unknown>, src('duo'));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues).toEqual(
      expect.arrayContaining([
        { key: 'x-summoner.subdomains.admin', message: "the subdomain duo is already app's: set x-summoner.subdomains.admin" },
        { key: 'x-summoner.subdomains.db', message: 'db is a database, not a web service: only web services are served' },
        { key: 'x-summoner.subdomains.nope', message: 'no service "nope" under services' },
      ]),
    );
  });

  it('backup: hot with a database Summoner cannot dump is a warning: its volumes would be in no backup', () => {
    const m = load(doc({ backup: 'hot' }));
    expect(m.notes!.find((n) => n.key === 'services.events' && n.warning)).toMatchObject({ warning: true, message: expect.stringMatching(/backup: hot takes none of its volumes; use backup: both/) });
  });

  it('the proxy renders one site per web service, both in the minion\'s file', () => {
    const plan = planDeploy(load(doc()), { config, secrets });
    const sites = sitesFromPlan(plan, { proxy: { maxBodySize: '10m', websocket: false, timeoutS: 60 } });
    expect(sites.map((s) => [s.host, s.upstream.container, s.upstream.port])).toEqual([
      ['duo.example.org', 'duo-example.org', 8080],
      ['duo-admin.example.org', 'duo-admin-example.org', 9000],
    ]);
    const files = renderSet(sites as ProxySite[], {
      resolver: '127.0.0.11',
      httpsPort: 443,
      withCertificate: new Set(),
      addresses: new Map([['duo-example.org', '10.0.0.2'], ['duo-admin-example.org', '10.0.0.3']]),
    });
    expect([...files.keys()].sort()).toEqual(['nginx.conf', 'sites/duo.conf', 'upstreams.conf']);
    const site = files.get('sites/duo.conf')!;
    expect(site).toMatch(/server_name duo\.example\.org;[\s\S]*proxy_pass http:\/\/summoner_duo-example\.org_8080;/);
    expect(site).toMatch(/server_name duo-admin\.example\.org;[\s\S]*proxy_pass http:\/\/summoner_duo-admin-example\.org_9000;/);
    expect(files.get('upstreams.conf')).toContain('server 10.0.0.3:9000;');
  });
});

describe('the Compose Specification\'s YAML merge tags', () => {
  it('!reset drops a key merged in (its default applies), !override replaces one; each said in a note', () => {
    const text = [
      'x-base: &base',
      '  image: summoner-test/web:1.0',
      '  environment: { A: "1" }',
      '  ports: ["8080:8080"]',
      'services:',
      '  web:',
      '    <<: *base',
      '    environment: !override { B: "2" }',
      '  worker:',
      '    <<: *base',
      '    ports: !reset []',
      '    command: !reset null',
      'x-summoner: { description: merge tags, web: { service: web, port: 8080 } }',
    ].join('\n');
    const parsed = parseCatalogText(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.notes.map((n) => `${n.key}: ${n.message}`)).toEqual([
      'services.web.environment: normalised: !override: this value replaces what a merge (<<) brought in',
      'services.worker.ports: normalised: !reset dropped the key (its default applies)',
      'services.worker.command: normalised: !reset dropped the key (its default applies)',
    ]);
    const r = minionFromDoc(parsed.doc, { ...src('tags'), notes: parsed.notes });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.minion.web.environment).toEqual({ B: '2' });
    expect(r.minion.services!.find((x) => x.service === 'worker')).toMatchObject({ role: 'worker', ports: [] });
    expect(r.minion.notes!.some((n) => n.key === 'services.worker.ports' && /!reset/.test(n.message))).toBe(true);
  });
});
