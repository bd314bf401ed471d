// Ordinary compose files of real apps (test/fixtures/compose, written after each project's documentation) are
// added the way minions/README.md tells a user: the file as it is, plus the minimal x-summoner block, in a
// catalog folder. Each loads with notes only (nothing refused), and its plan keeps every original service,
// volume and dependency.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { loadCatalog, parseCatalogText, planDeploy, type Catalog } from '../src/core/catalog/index.js';
import type { Minion } from '../src/core/types.js';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/compose');

/**
 * The minimal block of minions/README.md ("Add an app"): a description and the web service (and its port).
 * `guessed`: the web service Summoner guesses without the block, when it is not that one.
 */
const MINIMAL: Record<string, { web: string; port?: number; guessed?: string }> = {
  gitea: { web: 'server', port: 3000 },
  nextcloud: { web: 'app', port: 80 },
  wordpress: { web: 'wordpress', port: 80 },
  immich: { web: 'immich-server', port: 2283 },
  'paperless-ngx': { web: 'webserver', port: 8000 },
  'uptime-kuma': { web: 'uptime-kuma', port: 3001 },
  vaultwarden: { web: 'vaultwarden', port: 80 },
  bookstack: { web: 'bookstack', port: 80 },
  outline: { web: 'outline', port: 3000 },
  plausible: { web: 'plausible', port: 8000 },
  miniflux: { web: 'miniflux', port: 8080 },
  hedgedoc: { web: 'app', port: 3000 },
  grafana: { web: 'grafana', port: 3000 },
  // no port: read from its ports
  pgadmin: { web: 'pgadmin' },
  rocketchat: { web: 'rocketchat', port: 3000 },
  'mattermost-docker': { web: 'mattermost', port: 8065 },
  nocodb: { web: 'nocodb', port: 8080 },
  n8n: { web: 'n8n', port: 5678 },
  'nextcloud-build': { web: 'app', port: 80 },
  'nextcloud-secrets': { web: 'app', port: 80 },
  zulip: { web: 'zulip', port: 80 },
  'rocketchat-replset': { web: 'rocketchat', port: 3000 },
  espocrm: { web: 'espocrm', port: 80 },
  synapse: { web: 'synapse', port: 8008 },
  'rocketchat-compose': { web: 'rocketchat', port: 3000 },
  'n8n-postgres': { web: 'n8n', port: 5678 },
  penpot: { web: 'penpot-frontend', port: 8080 },
  listmonk: { web: 'app', port: 9000 },
  umami: { web: 'umami', port: 3000 },
  mealie: { web: 'mealie', port: 9000 },
  linkding: { web: 'linkding', port: 9090 },
  wikijs: { web: 'wiki', port: 3000 },
  directus: { web: 'directus', port: 8055 },
  kimai: { web: 'kimai', port: 8001 },
  freshrss: { web: 'freshrss', port: 80 },
  // its Caddy in front publishes the ports: without the block, Caddy is the web service guessed
  ghost: { web: 'ghost', port: 2368, guessed: 'caddy' },
  jitsi: { web: 'web', port: 8000 },
  onlyoffice: { web: 'onlyoffice-documentserver', port: 80 },
  'nginx-proxy-manager': { web: 'app', port: 81 },
  mastodon: { web: 'web', port: 3000 },
  airflow: { web: 'airflow-apiserver', port: 8080 },
  superset: { web: 'superset', port: 8088 },
  // published no port (Caddy in front): without the block, its caddy-docker-proxy labels tell the service and port
  seafile: { web: 'seafile', port: 80 },
  karakeep: { web: 'web', port: 3000 },
  metabase: { web: 'metabase', port: 3000 },
  ntfy: { web: 'ntfy', port: 80 },
  'stirling-pdf': { web: 'stirling-pdf', port: 8080 },
  'firefly-iii': { web: 'app', port: 8080 },
  docmost: { web: 'docmost', port: 3000 },
  joplin: { web: 'app', port: 22300 },
  keycloak: { web: 'keycloak', port: 8080 },
  audiobookshelf: { web: 'audiobookshelf', port: 80 },
  navidrome: { web: 'navidrome', port: 4533 },
  pterodactyl: { web: 'panel', port: 80 },
};

/** Files that must be refused (they give a container power over the host), with every problem, in one pass. */
const REFUSED: Record<string, { web: string; port: number; problems: string[] }> = {
  authentik: { web: 'server', port: 9000, problems: ['services.worker.volumes[0]'] },
  'home-assistant': { web: 'homeassistant', port: 8123, problems: ['services.homeassistant.privileged', 'services.homeassistant.network_mode', 'services.homeassistant.volumes[2]'] },
  jellyfin: { web: 'jellyfin', port: 8096, problems: ['services.jellyfin.network_mode'] },
  collabora: { web: 'collabora', port: 9980, problems: ['services.collabora.cap_add'] },
  portainer: { web: 'portainer', port: 9443, problems: ['services.portainer.volumes[0]'] },
  woodpecker: { web: 'woodpecker-server', port: 8000, problems: ['services.woodpecker-agent.volumes[1]'] },
  netdata: {
    web: 'netdata',
    port: 19999,
    // the PID and network namespaces, capabilities, the host's root, users, /proc, /sys, logs, the socket, AppArmor
    problems: ['pid', 'cap_add', 'network_mode', ...[3, 4, 5, 7, 8, 9, 10, 11].map((i) => `volumes[${i}]`), 'security_opt[0]'].map((k) => `services.netdata.${k}`),
  },
};

const config = configSchema.parse({ domain: 'example.org', dataRoot: '/srv/summoner/data', dbRoot: '/srv/summoner/databases' });
let dir: string;
let catalog: Catalog;

interface Raw {
  services: Record<string, { depends_on?: string[] | Record<string, { condition?: string }>; links?: string[]; profiles?: string[] }>;
  volumes?: Record<string, unknown>;
}
/** The services `docker compose up` starts: those without a profile (no fixture lists one under x-summoner). */
const running = (doc: Raw) => Object.fromEntries(Object.entries(doc.services).filter(([, s]) => !s.profiles?.length));

/** The file as compose reads it: `<<:` merges of anchors (airflow's depends_on) resolved, as the catalog's parser does. */
const raw = (name: string) => {
  const r = parseCatalogText(fs.readFileSync(path.join(FIXTURES, name, 'compose.yml'), 'utf8'));
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.doc as unknown as Raw;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-fixtures-'));
  for (const [name, m] of Object.entries(MINIMAL)) {
    fs.cpSync(path.join(FIXTURES, name), path.join(dir, name), { recursive: true });
    const block = `\nx-summoner:\n  description: ${name} from its documented compose file\n  web:\n    service: ${m.web}\n${m.port ? `    port: ${m.port}\n` : ''}`;
    fs.appendFileSync(path.join(dir, name, 'compose.yml'), block);
  }
  catalog = loadCatalog([{ dir, origin: 'custom' }]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const secretsFor = (m: Minion) =>
  Object.fromEntries(
    Object.entries(m.variables)
      .filter(([, v]) => 'generate' in v)
      .map(([k]) => [k, `secret-${k}`]),
  );

describe('compose files of real apps load with notes only (test/fixtures/compose)', () => {
  it('has at least 12 of them, each with its source named in the README', () => {
    const names = fs.readdirSync(FIXTURES).filter((n) => fs.statSync(path.join(FIXTURES, n)).isDirectory());
    expect(names.length).toBeGreaterThanOrEqual(12);
    const readme = fs.readFileSync(path.join(FIXTURES, 'README.md'), 'utf8');
    for (const n of names) expect(readme, n).toMatch(new RegExp(`^\\| ${n} \\|.*https://`, 'm'));
    expect([...Object.keys(MINIMAL), ...Object.keys(REFUSED)].sort()).toEqual(names.sort());
  });

  it('every file loads: no problem at all', () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.names().sort()).toEqual(Object.keys(MINIMAL).sort());
  });

  it.each(Object.keys(MINIMAL))('%s: the changes are reported as notes, and the plan keeps every service, volume and dependency', (name) => {
    const m = catalog.get(name)!;
    expect(m.notes?.length).toBeGreaterThan(0);
    const doc = raw(name);
    const plan = planDeploy(m, { config, secrets: secretsFor(m) });
    // every original service that docker compose up starts, with a role
    const services = running(doc);
    expect(plan.services.map((s) => s.service).sort()).toEqual(Object.keys(services).sort());
    expect(plan.services.every((s) => ['web', 'database', 'cache', 'worker', 'job'].includes(s.role))).toBe(true);
    expect(plan.services.find((s) => s.service === MINIMAL[name]!.web)?.role).toBe('web');
    // every declared volume has its folder under the app's folder of a data root
    for (const v of Object.keys(doc.volumes ?? {})) expect(plan.volumes.map((x) => x.name), `${name} volume ${v}`).toContain(v);
    for (const v of plan.volumes) expect(v.folder.startsWith(`${config.dataRoot}/${name}/`) || v.folder.startsWith(`${config.dbRoot}/${name}/`)).toBe(true);
    // every dependency, with its condition (on a service left out with its profile: dropped, being optional)
    for (const [svc, spec] of Object.entries(services)) {
      const want = (
        Array.isArray(spec.depends_on)
          ? spec.depends_on.map((s) => ({ service: s, condition: 'service_started' }))
          : Object.entries(spec.depends_on ?? {}).map(([s, d]) => ({ service: s, condition: d.condition ?? 'service_started' }))
      ).filter((d) => Object.hasOwn(services, d.service));
      // a link orders the start too (compose: links imply depends_on)
      for (const l of spec.links ?? []) {
        const target = l.split(':')[0]!;
        if (Object.hasOwn(services, target) && !want.some((d) => d.service === target)) want.push({ service: target, condition: 'service_started' });
      }
      const got = plan.services.find((s) => s.service === svc)!.dependsOn.map((d) => ({ service: d.service, condition: d.condition }));
      expect(got, `${name} ${svc}`).toEqual(want);
    }
    // dependency order: each service after what it depends on
    const at = new Map(plan.services.map((s, i) => [s.service, i]));
    for (const s of plan.services) for (const d of s.dependsOn) expect(at.get(d.service)!).toBeLessThan(at.get(s.service)!);
    // no secret-looking value of ours in the notes
    expect(JSON.stringify(m.notes)).not.toContain('secret-');
  });

  it('roles are inferred from images, with a note saying so', () => {
    const roles = (n: string) => Object.fromEntries(catalog.get(n)!.services!.map((s) => [s.service, s.role]));
    expect(roles('immich')).toEqual({ 'immich-server': 'web', 'immich-machine-learning': 'worker', redis: 'cache', database: 'database' });
    expect(roles('paperless-ngx')).toMatchObject({ webserver: 'web', db: 'database', broker: 'cache', gotenberg: 'worker', tika: 'worker' });
    expect(roles('nextcloud')).toMatchObject({ app: 'web', db: 'database', redis: 'cache', cron: 'worker' });
    // plausible: PostgreSQL dumped, ClickHouse a database Summoner cannot dump, covered by the cold copy and said so
    expect(roles('plausible')).toEqual({ plausible_db: 'database', plausible_events_db: 'database', plausible: 'web' });
    expect(catalog.get('plausible')!.database).toMatchObject({ service: 'plausible_db', type: 'postgres' });
    expect(catalog.get('plausible')!.backup).toEqual({ hot: true, cold: true });
    expect(catalog.get('plausible')!.notes!.some((n) => n.key === 'services.plausible_events_db' && /no dump for it; the cold copy \(the app stopped\) covers its volumes/.test(n.message))).toBe(true);
    expect(catalog.get('immich')!.notes!.some((n) => n.key === 'services.redis' && /role cache \(inferred: its image/.test(n.message))).toBe(true);
    expect(catalog.get('immich')!.database?.type).toBe('postgres');
    expect(catalog.get('bookstack')!.database?.type).toBe('mariadb');
    expect(catalog.get('wordpress')!.database?.type).toBe('mysql');
  });

  it('normalises what it can and says what it did', () => {
    const notes = (n: string) => catalog.get(n)!.notes!.map((x) => `${x.key}: ${x.message}`).join('\n');
    expect(notes('gitea')).toMatch(/services\.server\.container_name: replaced/);
    expect(notes('gitea')).toMatch(/services\.server\.volumes\[0\]: normalised: the bind mount \.\/gitea became the named volume gitea/);
    expect(notes('gitea')).toMatch(/services\.server\.volumes\[1\]: dropped: \/etc\/timezone/);
    // a password written as a default is no secret: generated once, shared by both services, never quoted
    expect(notes('gitea')).toMatch(/POSTGRES_PASSWORD:-…\} has a default written in the file: Summoner generates POSTGRES_PASSWORD/);
    expect(catalog.get('gitea')!.variables.POSTGRES_PASSWORD).toMatchObject({ generate: 'password' });
    expect(catalog.get('gitea')!.web.environment.GITEA__database__PASSWD).toBe('${POSTGRES_PASSWORD}');
    expect(catalog.get('gitea')!.database!.environment.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD}');
    expect(notes('pgadmin')).toMatch(/took its default "pgadmin4@pgadmin\.org"/);
    expect(notes('nextcloud')).toMatch(/services\.db\.command: normalised: the string was split into 3 words/);
    expect(catalog.get('nextcloud')!.services!.find((s) => s.service === 'db')!.command).toEqual(['--transaction-isolation=READ-COMMITTED', '--log-bin=binlog', '--binlog-format=ROW']);
    expect(notes('immich')).toMatch(/IMMICH_VERSION taken from the \.env file/);
    expect(catalog.get('immich')!.web.tag).toBe('v1.135.3');
    expect(catalog.get('immich')!.services!.find((s) => s.service === 'database')!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(notes('paperless-ngx')).toMatch(/services\.webserver\.env_file: read docker-compose\.env/);
    expect(catalog.get('paperless-ngx')!.web.environment.PAPERLESS_OCR_LANGUAGE).toBe('eng');
    expect(notes('plausible')).toMatch(/SECRET_KEY_BASE is not set: Summoner generates it once/);
    expect(catalog.get('plausible')!.variables.SECRET_KEY_BASE).toMatchObject({ generate: 'password' });
    expect(catalog.get('plausible')!.services!.find((s) => s.service === 'plausible')!.command).toEqual(['sh', '-c', '/entrypoint.sh db createdb && /entrypoint.sh db migrate && /entrypoint.sh run']);
    expect(notes('vaultwarden')).toMatch(/the host address was dropped/);
    expect(notes('pgadmin')).toMatch(/x-summoner\.web\.port: the web port is 80, read from its ports/);
    expect(notes('uptime-kuma')).toMatch(/floating tag/);
  });

  it('reads what real files write: a default holding a colon, an empty address, values from .env, a build', () => {
    const svc = (n: string, s: string) => catalog.get(n)!.services!.find((x) => x.service === s)!;
    const notes = (n: string) => catalog.get(n)!.notes!.map((x) => `${x.key}: ${x.message}`).join('\n');
    // ${MONGODB_HOST_PATH:-mongodb_data}:/bitnami/mongodb: the default is the volume, the colon inside ${} is not a separator
    expect(svc('rocketchat', 'mongodb').volumes).toEqual([{ name: 'mongodb_data', target: '/bitnami/mongodb' }]);
    expect(catalog.get('rocketchat')!.database?.type).toBe('mongo');
    // ${EXPOSE_PORT-:2283:2283}: an empty host address binds everywhere, as compose does
    expect(notes('immich')).toMatch(/services\.immich-server\.ports\[0\]: not published: the proxy serves port 2283/);
    // `- TZ` without a value takes the .env's, as docker compose does; the image and paths come from .env too
    expect(svc('mattermost-docker', 'mattermost').environment).toMatchObject({ TZ: 'UTC', MM_SQLSETTINGS_DRIVERNAME: 'postgres' });
    // the .env's values use its own variables, settled as docker compose does
    expect(svc('mattermost-docker', 'mattermost').environment).toMatchObject({
      MM_SQLSETTINGS_DATASOURCE: 'postgres://mmuser:mmuser_password@postgres:5432/mattermost?sslmode=disable&connect_timeout=10',
      MM_SERVICESETTINGS_SITEURL: 'https://mm.example.com',
    });
    expect(svc('mattermost-docker', 'mattermost')).toMatchObject({ image: 'mattermost/mattermost-team-edition', tag: '10.11.15' });
    expect(svc('mattermost-docker', 'mattermost').ports).toEqual([{ host: 8443, container: 8443, protocol: 'udp' }]);
    // build: ./app → built from the minion's folder, never a path outside it
    const app = svc('nextcloud-build', 'app');
    expect(app.image).toBe('summoner-build/nextcloud-build-app');
    expect(app.build).toEqual({ root: path.join(dir, 'nextcloud-build'), context: 'app', dockerfile: 'Dockerfile', args: {} });
    expect(notes('nextcloud-build')).toMatch(/services\.app\.build: built by the engine from app \(Dockerfile\)/);
  });

  it('compose secrets become files at /run/secrets: read from the folder, a missing one generated', () => {
    const m = catalog.get('nextcloud-secrets')!;
    const plan = planDeploy(m, { config, secrets: secretsFor(m) });
    // a volume used by the database only lives under the database root
    const root = (svc: string) => (svc === 'db' ? config.dbRoot : config.dataRoot);
    const file = (svc: string, name: string) => plan.files!.find((f) => f.path === `${root(svc)}/nextcloud-secrets/${svc}-secrets/${name}`);
    expect(file('db', 'postgres_db')).toMatchObject({ content: 'nextcloud', mode: 0o444 });
    expect(file('app', 'nextcloud_admin_password')!.content).toBe('pa$$word'); // literal: no interpolation of a secret's file
    // postgres_password.txt is not there: generated once, the same for both services
    expect(m.variables.SECRET_POSTGRES_PASSWORD).toMatchObject({ generate: 'password' });
    expect(file('db', 'postgres_password')!.content).toBe('secret-SECRET_POSTGRES_PASSWORD');
    expect(file('app', 'postgres_password')!.content).toBe('secret-SECRET_POSTGRES_PASSWORD');
    const db = plan.containers.find((c) => c.role === 'db')!;
    expect(db.mounts).toContainEqual({ source: `${config.dbRoot}/nextcloud-secrets/db-secrets`, target: '/run/secrets', readOnly: true });
    expect(m.notes!.some((n) => n.key === 'secrets.postgres_password.file' && n.warning)).toBe(true);
  });

  it('a secret used but not declared (left to an override file) is generated once, the same for every service', () => {
    const m = catalog.get('zulip')!;
    const plan = planDeploy(m, { config, secrets: secretsFor(m) });
    const file = (root: string, svc: string, name: string) => plan.files!.find((f) => f.path === `${root}/zulip/${svc}-secrets/${name}`);
    expect(m.variables.SECRET_ZULIP__POSTGRES_PASSWORD).toMatchObject({ generate: 'password' });
    expect(file(config.dbRoot, 'database', 'zulip__postgres_password')!.content).toBe('secret-SECRET_ZULIP__POSTGRES_PASSWORD');
    expect(file(config.dataRoot, 'zulip', 'zulip__postgres_password')!.content).toBe('secret-SECRET_ZULIP__POSTGRES_PASSWORD');
    // { source, target }: the file takes the target's name
    expect(file(config.dataRoot, 'rabbitmq', 'rabbitmq_password')!.content).toBe('secret-SECRET_ZULIP__RABBITMQ_PASSWORD');
    expect(m.notes!.filter((n) => /zulip__postgres_password is not declared under the top-level secrets: Summoner generates it once/.test(n.message) && n.warning)).toHaveLength(1); // said once, not per service
    // the app's own PostgreSQL build is a database (dumped), not a worker
    expect(Object.fromEntries(m.services!.map((s) => [s.service, s.role]))).toEqual({ database: 'database', memcached: 'cache', rabbitmq: 'worker', redis: 'cache', zulip: 'web' });
    expect(m.database).toMatchObject({ service: 'database', type: 'postgres' });
  });

  it('a ${VAR:?} in a label is no problem (labels are replaced); a database restarting on-failure that others wait for is no job', () => {
    const m = catalog.get('rocketchat-replset')!;
    expect(JSON.stringify(m.notes)).not.toMatch(/ACKNOWLEDGED/);
    expect(Object.hasOwn(m.variables, 'ACKNOWLEDGED')).toBe(false);
    expect(Object.fromEntries(m.services!.map((s) => [s.service, s.role]))).toEqual({ mongodb: 'database', rocketchat: 'web' });
    expect(m.database?.type).toBe('mongo');
  });

  it('loads every fixture with no x-summoner block at all: the web service guessed, with a warning', () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-fixtures-bare-'));
    try {
      for (const name of Object.keys(MINIMAL)) fs.cpSync(path.join(FIXTURES, name), path.join(bare, name), { recursive: true });
      const c = loadCatalog([{ dir: bare, origin: 'custom' }]);
      // plausible and freshrss publish no port: their web port cannot be guessed (the files that need the block)
      expect(c.problems.map((p) => `${path.basename(path.dirname(p.file))} ${p.key}`)).toEqual(['freshrss x-summoner.web.port', 'plausible x-summoner.web.port']);
      for (const name of Object.keys(MINIMAL).filter((n) => n !== 'plausible' && n !== 'freshrss')) {
        const m = c.get(name)!;
        expect(m.web.service, name).toBe(MINIMAL[name]!.guessed ?? MINIMAL[name]!.web);
        expect(m.notes!.some((n) => n.key === 'x-summoner' && n.warning)).toBe(true);
      }
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it('floating tags are warnings; a digest is the strongest pin', () => {
    const warnings = catalog.notes.filter((n) => n.warning && /floating tag/.test(n.message));
    expect(warnings.some((w) => w.key === 'services.wordpress.image')).toBe(true);
    expect(warnings.some((w) => w.key === 'services.redis.image' && w.file.includes('immich'))).toBe(false);
  });

  it('config files of the folder are mounted read-only as copies under the data root; a missing one is skipped', () => {
    const m = catalog.get('plausible')!;
    const plan = planDeploy(m, { config, secrets: secretsFor(m) });
    const ch = plan.containers.find((c) => c.aliases[0] === 'plausible_events_db')!;
    const folder = `${config.dbRoot}/plausible/plausible_events_db-configs`;
    const logs = { source: `${folder}/etc-clickhouse-server-config.d-logs.xml`, target: '/etc/clickhouse-server/config.d/logs.xml', readOnly: true };
    expect(ch.mounts).toContainEqual(logs);
    expect(ch.mounts).toContainEqual({ source: `${folder}/etc-clickhouse-server-config.d-ipv4-only.xml`, target: '/etc/clickhouse-server/config.d/ipv4-only.xml', readOnly: true });
    // the copy is written by the plan (the file's own text, literally), and never made a folder
    const file = plan.files!.find((f) => f.path === logs.source)!;
    expect(file.content).toBe(fs.readFileSync(path.join(FIXTURES, 'plausible/clickhouse/logs.xml'), 'utf8'));
    expect(file.mode).toBe(0o444);
    expect(plan.folders).toContain(folder);
    expect(plan.folders).not.toContain(logs.source);
    // low-resources.xml is not beside it: the image's own configuration is used, and a warning says so
    expect(ch.mounts.some((x) => x.target.endsWith('low-resources.xml'))).toBe(false);
    expect(m.notes!.some((n) => n.key === 'services.plausible_events_db.volumes[4]' && n.warning && /skipped: the file \.\/clickhouse\/low-resources\.xml is not in the minion's folder/.test(n.message))).toBe(true);
    // an executable init script stays executable (read-only), and its $ reach the shell as they are written
    const n8n = catalog.get('n8n-postgres')!;
    const p2 = planDeploy(n8n, { config, secrets: secretsFor(n8n) });
    const init = p2.files!.find((f) => f.path.endsWith('/postgres-configs/docker-entrypoint-initdb.d-init-data.sh'))!;
    expect(init.mode).toBe(0o555);
    expect(init.content).toContain('--username "$POSTGRES_USER"');
    expect(p2.containers.find((c) => c.aliases[0] === 'postgres')!.mounts).toContainEqual({ source: init.path, target: '/docker-entrypoint-initdb.d/init-data.sh', readOnly: true });
  });

  it('volumes_from mounts the named volumes of the other service at the same paths (read-only with :ro)', () => {
    const m = catalog.get('espocrm')!;
    const plan = planDeploy(m, { config, secrets: secretsFor(m) });
    const mounts = (svc: string) => plan.containers.find((c) => c.aliases[0] === svc)!.mounts;
    const data = `${config.dataRoot}/espocrm/espocrm-data`;
    expect(mounts('espocrm-daemon')).toEqual(mounts('espocrm'));
    expect(mounts('espocrm-daemon')).toContainEqual({ source: data, target: '/var/www/html/data', readOnly: false });
    expect(mounts('espocrm-websocket')).toContainEqual({ source: data, target: '/var/www/html/data', readOnly: true });
    expect(m.notes!.some((n) => n.key === 'services.espocrm-websocket.volumes_from[0]' && /volumes of espocrm \(espocrm-data, espocrm-custom\) are mounted here at the same paths, read-only/.test(n.message))).toBe(true);
  });

  it('a lone $ in a script is kept as docker compose keeps it; a labels list naming one twice is no problem', () => {
    const m = catalog.get('rocketchat-compose')!;
    const plan = planDeploy(m, { config, secrets: secretsFor(m) });
    const script = plan.containers.find((c) => c.aliases[0] === 'rocketchat')!.command![1]!;
    expect(script).toContain('for i in $(seq 1 60); do');
    expect(script).toContain('MongoDB not ready ($i)');
    expect(m.notes!.some((n) => n.key === 'services.rocketchat.command[1]' && /a lone \$/.test(n.message))).toBe(true);
    expect(catalog.get('synapse')!.web).toMatchObject({ image: 'docker.io/matrixdotorg/synapse', tag: 'v1.131.0' });
  });

  it('hardening and limits pass through to the plan', () => {
    const m = catalog.get('immich')!;
    expect(m.services!.find((s) => s.service === 'database')!.limits?.shmSizeBytes).toBe(128 * 1024 * 1024);
    const p = catalog.get('plausible')!.services!.find((s) => s.service === 'plausible_events_db')!;
    expect(p.limits?.ulimits).toEqual([{ name: 'nofile', soft: 262144, hard: 262144 }]);
  });
});

describe('more real files: anchors, profiles, host names, ports, and what must be refused', () => {
  const svc = (n: string, s: string) => catalog.get(n)!.services!.find((x) => x.service === s)!;
  const notes = (n: string) => catalog.get(n)!.notes!.map((x) => `${x.key}: ${x.message}`).join('\n');
  const planOf = (n: string) => planDeploy(catalog.get(n)!, { config, secrets: secretsFor(catalog.get(n)!) });

  it('refuses the Docker socket, host networking, privileged containers and added capabilities: every problem in one pass, saying what to do', () => {
    const refusedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-fixtures-refused-'));
    try {
      for (const [name, r] of Object.entries(REFUSED)) {
        fs.cpSync(path.join(FIXTURES, name), path.join(refusedDir, name), { recursive: true });
        fs.appendFileSync(path.join(refusedDir, name, 'compose.yml'), `\nx-summoner:\n  description: ${name}\n  web:\n    service: ${r.web}\n    port: ${r.port}\n`);
      }
      const c = loadCatalog([{ dir: refusedDir, origin: 'custom' }]);
      expect(c.names()).toEqual([]);
      for (const [name, r] of Object.entries(REFUSED)) {
        const got = c.problems.filter((p) => path.basename(path.dirname(p.file)) === name);
        expect(got.map((p) => p.key), name).toEqual(r.problems);
        for (const p of got) expect(p.message, `${name} ${p.key}`).toMatch(/^refused: .*(remove|use a named volume)/);
      }
      const msg = (name: string, key: string) => c.problems.find((p) => path.basename(path.dirname(p.file)) === name && p.key === key)!.message;
      expect(msg('authentik', 'services.worker.volumes[0]')).toMatch(/socket is root on the host; remove it \(Summoner itself talks to the engine\)/);
      expect(msg('jellyfin', 'services.jellyfin.network_mode')).toMatch(/remove it, and list the ports the app serves under ports:/);
    } finally {
      fs.rmSync(refusedDir, { recursive: true, force: true });
    }
  });

  it('ghost: the services of its profiles are left out with their optional dependencies; its Caddy keeps the host 443 free; DOMAIN is said', () => {
    expect(catalog.get('ghost')!.services!.map((s) => s.service).sort()).toEqual(['caddy', 'db', 'ghost']);
    expect(notes('ghost')).toMatch(/services\.activitypub: left out: it runs only with the profile activitypub/);
    expect(svc('ghost', 'ghost').dependsOn).toEqual([{ service: 'db', condition: 'service_healthy', required: true, restart: false }]);
    expect(svc('ghost', 'caddy')).toMatchObject({ role: 'web', port: 80, ports: [] });
    expect(notes('ghost')).toMatch(/services\.caddy\.ports\[1\]: not published: port 443 is the app's own HTTPS/);
    expect(notes('ghost')).toMatch(/services\.ghost\.environment\.url: DOMAIN is Summoner's built-in .* the \.env beside the compose file does not set it: if the app means its own address here, write \$\{HOST\}/);
    // ${ADMIN_DOMAIN:+https://${ADMIN_DOMAIN}} with ADMIN_DOMAIN unset: empty; the password from .env
    expect(svc('ghost', 'ghost').environment).toMatchObject({ admin__url: '', database__connection__password: 'ghostpassword' });
  });

  it('listmonk and jitsi: the names compose gives their services stay host names; penpot: anchors merged into the environment', () => {
    const aliases = (n: string, s: string) => planOf(n).containers.find((c) => c.aliases[0] === s)!.aliases;
    expect(svc('listmonk', 'app').environment.LISTMONK_db__host).toBe('listmonk_db');
    expect(aliases('listmonk', 'db')).toEqual(['db', 'listmonk_db']);
    expect(aliases('jitsi', 'prosody')).toEqual(['prosody', 'xmpp.meet.jitsi']);
    // jicofo's REST API on 127.0.0.1 and the JVB's UDP media port make no second web site
    expect(Object.fromEntries(catalog.get('jitsi')!.services!.map((s) => [s.service, s.role]))).toEqual({ web: 'web', prosody: 'worker', jicofo: 'worker', jvb: 'worker' });
    expect(catalog.get('jitsi')!.notes!.filter((n) => n.warning && /have no value here nor in a \.env/.test(n.message)).map((n) => n.key)).toEqual(['services.web.environment', 'services.prosody.environment', 'services.jicofo.environment', 'services.jvb.environment']);
    expect(svc('jitsi', 'web').environment).toMatchObject({ PUBLIC_URL: 'https://meet.example.com', TZ: 'UTC' });
    expect(svc('jitsi', 'jvb').ports).toEqual([{ host: 10000, container: 10000, protocol: 'udp' }]);
    // mastodon publishes its web and streaming ports on 127.0.0.1 for the host's nginx: the declared web service
    // is served, the streaming one is a worker until x-summoner.roles says otherwise (a note says how)
    expect(Object.fromEntries(catalog.get('mastodon')!.services!.map((s) => [s.service, s.role]))).toEqual({ db: 'database', redis: 'cache', web: 'web', streaming: 'worker', sidekiq: 'worker' });
    expect(notes('mastodon')).toMatch(/services\.streaming: role worker \(inferred: its published ports are UDP or bound to loopback, no HTTP front; not one-shot\); set x-summoner\.roles\.streaming to change it/);
    expect(planOf('jitsi').volumes.map((v) => v.name)).toContain('jitsi-meet-cfg-prosody-config');
    expect(svc('penpot', 'penpot-backend').environment).toMatchObject({ PENPOT_FLAGS: expect.stringContaining('enable-smtp'), PENPOT_PUBLIC_URI: 'http://localhost:9001', PENPOT_HTTP_SERVER_MAX_BODY_SIZE: '31457280', PENPOT_TELEMETRY_ENABLED: 'true' });
    expect(svc('penpot', 'penpot-mailcatch')).toMatchObject({ role: 'web', subdomain: 'penpot-mailcatch', port: 1080 });
  });

  it("ghost: a folder of configuration beside the compose file (./caddy, ./mysql-init) is mounted file by file, read-only", () => {
    const plan = planOf('ghost');
    const mounts = (s: string) => plan.containers.find((c) => c.aliases[0] === s)!.mounts;
    const caddyfile = plan.files!.find((f) => f.path === `${config.dataRoot}/ghost/caddy-configs/etc-caddy-Caddyfile`)!;
    expect(caddyfile).toMatchObject({ content: fs.readFileSync(path.join(FIXTURES, 'ghost/caddy/Caddyfile'), 'utf8'), mode: 0o444 });
    expect(mounts('caddy')).toContainEqual({ source: caddyfile.path, target: '/etc/caddy/Caddyfile', readOnly: true });
    const init = plan.files!.find((f) => f.path.endsWith('/db-configs/docker-entrypoint-initdb.d-create-multiple-databases.sh'))!;
    expect(init.mode).toBe(0o555);
    expect(mounts('db')).toContainEqual({ source: init.path, target: '/docker-entrypoint-initdb.d/create-multiple-databases.sh', readOnly: true });
    expect(plan.volumes.map((v) => v.name)).not.toContain('caddy');
  });

  it('round 15: anchors with profiles and an init job, harmless host mounts, an app\'s own /etc folder, a doc\'s placeholder user', () => {
    // airflow: x-airflow-common merged with <<: into every service, its depends_on anchor merged beside the init job
    expect(Object.fromEntries(catalog.get('airflow')!.services!.map((s) => [s.service, s.role]))).toEqual({
      postgres: 'database',
      redis: 'cache',
      'airflow-apiserver': 'web',
      'airflow-scheduler': 'worker',
      'airflow-dag-processor': 'worker',
      'airflow-worker': 'worker',
      'airflow-init': 'job',
    });
    expect(notes('airflow')).toMatch(/services\.flower: left out: it runs only with the profile flower/);
    expect(svc('airflow', 'airflow-init')).toMatchObject({ entrypoint: ['/bin/bash'], user: '0:0' });
    expect(svc('airflow', 'airflow-worker').environment).toMatchObject({ AIRFLOW__CORE__EXECUTOR: 'CeleryExecutor', DUMB_INIT_SETSID: '0' });
    expect(svc('airflow', 'airflow-scheduler').volumes.map((v) => v.name)).toEqual(['dags', 'logs', 'config', 'plugins']);
    // metabase: /dev/urandom:/dev/random:ro dropped (every container has it); its string health check runs in a shell
    expect(svc('metabase', 'metabase').volumes).toEqual([]);
    expect(notes('metabase')).toMatch(/services\.metabase\.volumes\[0\]: dropped: \/dev\/urandom is the kernel's random device/);
    expect(svc('metabase', 'metabase').health.exec).toEqual(['sh', '-c', 'curl --fail -I http://localhost:3000/api/health || exit 1']);
    // ntfy: /etc/ntfy is the app's own folder, a named volume; user: UID:GID is a placeholder, dropped; init kept
    expect(svc('ntfy', 'ntfy').volumes).toEqual([
      { name: 'var-cache-ntfy', target: '/var/cache/ntfy' },
      { name: 'etc-ntfy', target: '/etc/ntfy' },
    ]);
    expect(svc('ntfy', 'ntfy').user).toBeUndefined();
    expect(svc('ntfy', 'ntfy').limits?.init).toBe(true);
    // superset: external: false is no external volume (no warning); the ./docker folder's scripts are mounted, executable
    expect(catalog.get('superset')!.notes!.filter((n) => n.warning && /existing Docker volume/.test(n.message))).toEqual([]);
    const sup = planOf('superset').files!.find((f) => f.path.endsWith('/superset-configs/app-docker-docker-bootstrap.sh'))!;
    expect(sup.mode).toBe(0o555);
    // seafile: ${VAR:?} with an empty .env value is a generated secret; the .env's values are read
    expect(catalog.get('seafile')!.variables.JWT_PRIVATE_KEY).toMatchObject({ generate: 'password' });
    expect(svc('seafile', 'seafile').environment).toMatchObject({ SEAFILE_SERVER_HOSTNAME: 'seafile.example.com', SEAFILE_MYSQL_DB_PASSWORD: 'PASSWORD' });
    // stirling-pdf: deploy.resources.limits and restart: on-failure:5 on its only (web) service
    expect(svc('stirling-pdf', 'stirling-pdf')).toMatchObject({ role: 'web', limits: { memoryBytes: 4 * 1024 ** 3 } });
    // firefly-iii: a string command holding a shell script after sh -c stays one argument, ${TZ} from .env
    expect(svc('firefly-iii', 'cron').command!.slice(0, 2)).toEqual(['sh', '-c']);
    expect(svc('firefly-iii', 'cron').command![2]).toContain('ln -s /usr/share/zoneinfo/Europe/Amsterdam /etc/localtime');
    // keycloak: the realm file beside the file mounted read-only; its management port published
    expect(svc('keycloak', 'keycloak').ports).toEqual([{ host: 9000, container: 9000, protocol: 'tcp' }]);
    expect(planOf('keycloak').files!.some((f) => f.path.endsWith('/keycloak-configs/opt-keycloak-data-import-realm-export.json'))).toBe(true);
    // audiobookshelf: its </path/to/…> placeholders are the named volumes those folders would have become
    expect(svc('audiobookshelf', 'audiobookshelf').volumes.map((v) => v.name)).toEqual(['path-to-audiobooks', 'path-to-podcasts', 'path-to-config', 'path-to-metadata']);
    // pterodactyl: links without depends_on keep the start order; anchors nested in x-common merged
    expect(svc('pterodactyl', 'panel').dependsOn!.map((d) => `${d.service}:${d.condition}`)).toEqual(['database:service_started', 'cache:service_started']);
    expect(svc('pterodactyl', 'panel').environment).toMatchObject({ DB_PASSWORD: 'CHANGE_ME', APP_URL: 'http://example.com', MAIL_DRIVER: 'smtp' });
    expect(svc('navidrome', 'navidrome')).toMatchObject({ user: '1000:1000', volumes: [{ name: 'path-to-data', target: '/data' }, { name: 'path-to-your-music-folder', target: '/music', readOnly: true }] });
  });

  it('health checks, init, limits and anonymous volumes of real files reach the plan', () => {
    expect(svc('umami', 'umami').health.exec).toEqual(['sh', '-c', 'curl http://localhost:3000/api/heartbeat']);
    expect(svc('kimai', 'sqldb').health.exec).toEqual(['sh', '-c', 'mysqladmin -p$MYSQL_ROOT_PASSWORD ping -h localhost']);
    expect(svc('directus', 'cache').health.exec).toEqual(['sh', '-c', "[ $(redis-cli ping) = 'PONG' ]"]);
    expect(catalog.get('directus')!.database).toMatchObject({ service: 'database', type: 'postgres', version: '13' });
    expect(svc('mealie', 'mealie').limits?.memoryBytes).toBe(1000 * 1024 * 1024);
    expect(svc('onlyoffice', 'onlyoffice-documentserver')).toMatchObject({ ports: [], limits: { stopGraceS: 60 } });
    expect(svc('onlyoffice', 'onlyoffice-documentserver').volumes.map((v) => v.name)).toContain('usr-share-fonts');
    expect(notes('onlyoffice')).toMatch(/services\.onlyoffice-documentserver\.build: ignored: the published image onlyoffice\/documentserver is used/);
    expect(svc('linkding', 'linkding').volumes).toEqual([{ name: 'data', target: '/etc/linkding/data' }]);
  });
});
