// The catalog: every shipped and test minion validates; broken custom minions are reported with their file and
// key while the rest loads; hostile names and versions are refused with a clear message; planDeploy builds the
// plan the engine expects (names, labels, networks, mounts under the roots, resolved env, no secret in labels).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { loadCatalog, MAX_FILE_BYTES, parseCatalogText, planDeploy, readMinionFile, type Catalog, type CatalogProblem } from '../src/core/catalog/index.js';
import { TAG } from '../src/core/catalog/names.js';
import { versionSatisfies } from '../src/core/catalog/schema.js';
import { LABEL, type DeployPlan, type Minion } from '../src/core/types.js';
import { isSummonerError } from '../src/errors.js';
import { handPlan, webDbMinion } from './helpers/docker.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHIPPED = path.join(ROOT, 'minions');
const TEST_CATALOG = path.join(ROOT, 'test/minions');
const FIXTURES = path.join(ROOT, 'test/fixtures/minions');

const config = configSchema.parse({
  domain: 'example.org',
  dataRoot: '/srv/summoner/data',
  dbRoot: '/srv/summoner/databases',
  engine: { proxyNetwork: 'summoner-proxy' },
});

/** Deterministic fake secrets for every generated variable (distinct, long enough to be searched for). */
function secretsFor(m: Minion): Record<string, string> {
  return Object.fromEntries(
    Object.entries(m.variables)
      .filter(([, v]) => 'generate' in v)
      .map(([k], i) => [k, `S3cr3t${i}x${k}`]),
  );
}

/** What the thrown value is, for `expect`. */
function thrown(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: isSummonerError(e) ? e.code : undefined, message: (e as Error).message };
  }
  throw new Error('expected a throw');
}

const problemsOf = (c: Catalog, file: string) => c.problems.filter((p) => p.file === file);

describe('shipped catalog (minions/)', () => {
  const catalog = loadCatalog([{ dir: SHIPPED, origin: 'shipped' }]);

  it('every file validates, and the promised minions are there', () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.names()).toEqual(expect.arrayContaining(['ghost', 'wordpress', 'nextcloud', 'wekan', 'mattermost', 'gitlab', 'static', 'registry']));
    expect(catalog.all().every((m) => m.origin === 'shipped')).toBe(true);
  });

  it('ships the apps a team expects, each pinned, with a health check, written from its project\'s documentation', () => {
    const expected = ['taiga', 'immich', 'paperless-ngx', 'uptime-kuma', 'vaultwarden', 'gitea', 'bookstack', 'outline'];
    expect(catalog.names()).toEqual(expect.arrayContaining(expected));
    for (const name of expected) {
      const m = catalog.get(name)!;
      const text = fs.readFileSync(m.file, 'utf8');
      // the first comment names the documentation it was written from
      expect(text.split('\n')[0], name).toMatch(/^# .*written from/);
      expect(text, name).toMatch(/(https?:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+\/[^\s)]+/);
      for (const s of m.services!) {
        expect(s.tag, `${name} ${s.service}`).not.toMatch(/^(latest|stable|main|release|\d+)$/);
        if (s.role !== 'worker') expect(s.health.http ?? s.health.exec, `${name} ${s.service} has a health check`).toBeDefined();
      }
      expect(m.web.health.http ?? m.web.health.exec).toBeDefined();
      expect(m.notes!.filter((n) => n.warning), name).toEqual([]);
      // every service is kept in the plan (multi-service summon is refused at pre-flight until it runs them)
      const plan = planDeploy(m, { config, secrets: secretsFor(m) });
      expect(plan.services.map((x) => x.service).sort()).toEqual(m.services!.map((x) => x.service).sort());
    }
    expect(catalog.get('immich')!.services!.find((s) => s.service === 'database')!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(catalog.get('taiga')!.files![0]!.content).toContain('proxy_set_header Host $$http_host;');
  });

  it('pins every image to a real tag, and each database version is one its app supports', () => {
    for (const m of catalog.all()) {
      for (const s of [m.web, ...(m.database ? [m.database] : [])]) {
        expect(s.tag, `${m.name} ${s.image}`).toMatch(TAG);
        expect(s.tag.toLowerCase()).not.toBe('latest');
        expect(s.image).not.toContain(':latest');
      }
      if (m.database) expect(versionSatisfies(m.database.version, m.database.supports), `${m.name}: ${m.database.version} vs ${m.database.supports}`).toBe(true);
      expect(m.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it('each app gets the database, owner and policies it needs', () => {
    const db = (n: string) => catalog.get(n)?.database?.type;
    expect(db('ghost')).toBe('mysql');
    expect(db('wordpress')).toBe('mariadb');
    expect(['mariadb', 'postgres']).toContain(db('nextcloud'));
    expect(catalog.get('nextcloud')!.description.toLowerCase()).toContain(db('nextcloud')!);
    expect(db('wekan')).toBe('mongo');
    expect(db('mattermost')).toBe('postgres');
    expect(catalog.get('mattermost')!.web.image).toBe('mattermost/mattermost-team-edition');
    expect(catalog.get('mattermost')!.web.owner).toEqual({ uid: 2000, gid: 2000 });
    const gitlab = catalog.get('gitlab')!;
    expect(gitlab.web.image).toBe('gitlab/gitlab-ce');
    expect(gitlab.requires.memoryMb).toBeGreaterThanOrEqual(4096);
    expect(gitlab.backup).toEqual({ hot: false, cold: true });
    expect(db('static')).toBeUndefined();
  });

  it('the registry gets a generated htpasswd, written as a file its env points to', () => {
    const m = catalog.get('registry')!;
    expect(m.web.image).toBe('registry');
    expect(m.web.tag).toMatch(/^2\.8\.\d+$/);
    expect(m.variables.REGISTRY_HTPASSWD).toMatchObject({ generate: 'htpasswd', secret: true });
    expect(m.web.environment).toMatchObject({ REGISTRY_AUTH: 'htpasswd', REGISTRY_AUTH_HTPASSWD_PATH: '/auth/htpasswd' });
    const plan = planDeploy(m, { config, secrets: { REGISTRY_HTPASSWD: 'summoner:$2y$10$hashhashhash', HTTP_SECRET: 'f'.repeat(64) } });
    expect(plan.files).toEqual([{ path: '/srv/summoner/data/registry/auth/htpasswd', content: 'summoner:$2y$10$hashhashhash\n', mode: 0o600 }]);
    const mount = plan.containers[0]!.mounts.find((x) => x.target === '/auth')!;
    expect(mount).toEqual({ source: '/srv/summoner/data/registry/auth', target: '/auth', readOnly: true });
    expect(plan.folders).toContain(mount.source);
  });

  it('every shipped minion plans: resolved env, proxy variables, no secret outside env and files', () => {
    for (const m of catalog.all()) {
      const secrets = secretsFor(m);
      const plan = planDeploy(m, { config, secrets });
      const app = plan.containers.find((c) => c.role === 'app')!;
      expect(app.env).toMatchObject({ VIRTUAL_HOST: `${m.subdomain}.example.org`, LETSENCRYPT_HOST: `${m.subdomain}.example.org`, VIRTUAL_PORT: String(m.web.port) });
      for (const c of plan.containers) {
        for (const [k, v] of Object.entries(c.env)) expect(v, `${m.name} ${c.name} ${k}`).not.toMatch(/\$\{[A-Z_]+\}/);
        const root = `${c.role === 'db' ? config.dbRoot : config.dataRoot}/${m.name}/`;
        for (const x of c.mounts) expect(x.source.startsWith(root), `${m.name} ${x.source}`).toBe(true);
      }
      const { containers, files: _files, ...rest } = plan;
      const outside = JSON.stringify([rest, containers.map(({ env: _env, ...c }) => c)]);
      for (const s of Object.values(secrets)) expect(outside, `${m.name} leaks a secret`).not.toContain(s);
    }
  });

  it('the mattermost folders go to 2000:2000, its database folder keeps the default owner', () => {
    const m = catalog.get('mattermost')!;
    const plan = planDeploy(m, { config, secrets: secretsFor(m) });
    const appFolders = plan.folders.filter((f) => f.startsWith(`${config.dataRoot}/`));
    expect(appFolders.length).toBe(6);
    for (const f of appFolders) expect(plan.folderOwners?.[f]).toEqual({ uid: 2000, gid: 2000 });
    expect(plan.folderOwners?.['/srv/summoner/databases/mattermost/pgdata']).toBeUndefined();
    expect(plan.containers.map((c) => c.name)).toEqual(['postgres-mattermost-example.org', 'mattermost-example.org']);
    expect(plan.url).toBe('https://chat.example.org');
  });
});

describe('minions/README.md', () => {
  it('its full example validates', () => {
    const readme = fs.readFileSync(path.join(SHIPPED, 'README.md'), 'utf8');
    const example = /```yaml\n# minions\/wiki\/compose\.yml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-readme-'));
    try {
      fs.writeFileSync(path.join(d, 'wiki.yml'), example!);
      const c = loadCatalog([{ dir: d, origin: 'custom' }]);
      expect(c.problems).toEqual([]);
      expect(c.get('wiki')).toMatchObject({ subdomain: 'docs', database: { type: 'postgres', version: '16.6' }, files: [{ volume: 'auth', path: 'htpasswd', mode: 0o600 }] });
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('test catalog (test/minions/)', () => {
  const catalog = loadCatalog([{ dir: TEST_CATALOG, origin: 'custom' }]);

  it('validates with the same rules, on the locally built test images', () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.names()).toEqual(['crm5', 'web', 'webdb', 'webpg']);
    expect(catalog.get('webdb')!.web).toMatchObject({ image: '127.0.0.1:5000/summoner/web', tag: '1.0', port: 8080 });
    expect(catalog.get('webdb')!.database).toMatchObject({ image: 'summoner-test/mariadb', tag: '10.11', type: 'mariadb', version: '10.11' });
    expect(catalog.get('webpg')!.database).toMatchObject({ image: 'summoner-test/postgres', tag: '15', type: 'postgres', version: '15' });
    expect(catalog.get('webpg')!.database!.health.exec).toEqual(['pg_isready', '-h', '127.0.0.1', '-p', '5432']);
    expect(catalog.get('web')!.database).toBeUndefined();
  });

  it('webdb plans like the hand-written webDbMinion the services tests use', () => {
    expect(handPlan).toBe(planDeploy);
    const secrets = { DB_PASSWORD: 'pw-app-123456', DB_ROOT_PASSWORD: 'pw-root-123456' };
    const fromFile = planDeploy(catalog.get('webdb')!, { config, secrets });
    const byHand = planDeploy(webDbMinion(), { config, secrets });
    const shape = (p: DeployPlan) => ({
      networks: p.networks,
      folders: p.folders,
      secrets: p.secrets,
      containers: p.containers.map((c) => ({ name: c.name, role: c.role, mounts: c.mounts, networks: c.networks, aliases: c.aliases, health: c.health.exec ?? c.health.http })),
      dbEnv: p.containers[0]!.env,
    });
    expect(shape(fromFile)).toEqual(shape(byHand));
  });

  describe('the public address follows what serves the app (proxy.publicScheme)', () => {
    const m = catalog.get('webdb')!;
    const secrets = { DB_PASSWORD: 'Xy7pw-app-secret', DB_ROOT_PASSWORD: 'Zq9pw-root-secret' };
    const urlWith = (more: Record<string, unknown>) => {
      const c = configSchema.parse({ ...config, ...more, proxy: { ...config.proxy, ...(more.proxy as object) } });
      const plan = planDeploy(m, { config: c, secrets });
      return plan.url;
    };
    it.each([
      ['managed with certificates (the default)', {}, 'https://webdb.example.org'],
      ['managed without certificates: http, what the proxy serves', { certificates: { enabled: false } }, 'http://webdb.example.org'],
      ['managed without certificates on port 8080: the port is part of the address', { certificates: { enabled: false }, proxy: { httpPort: 8080 } }, 'http://webdb.example.org:8080'],
      ['managed with certificates on 8443', { proxy: { httpsPort: 8443 } }, 'https://webdb.example.org:8443'],
      ['external proxy: https, whatever certificates says', { certificates: { enabled: false }, proxy: { mode: 'external' } }, 'https://webdb.example.org'],
      ['TLS ended before this host (publicScheme https): no port of ours', { certificates: { enabled: false }, proxy: { publicScheme: 'https', httpPort: 8080 } }, 'https://webdb.example.org'],
      ['a lab told http', { proxy: { publicScheme: 'http' } }, 'http://webdb.example.org'],
    ])('%s', (_what, more, url) => {
      expect(urlWith(more)).toBe(url);
    });
    it('an unknown scheme is refused by the config, naming the key', () => {
      const r = configSchema.safeParse({ ...config, proxy: { publicScheme: 'ftp' } });
      expect(r.success).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain('publicScheme');
    });
  });

  describe('planDeploy(webdb)', () => {
    const m = catalog.get('webdb')!;
    const secrets = { DB_PASSWORD: 'Xy7pw-app-secret', DB_ROOT_PASSWORD: 'Zq9pw-root-secret' };
    const plan = planDeploy(m, { config, secrets });
    const [db, app] = plan.containers;

    it('names the containers and the private network after app and domain, db first', () => {
      expect(plan).toMatchObject({ app: 'webdb', domain: 'example.org', url: 'https://webdb.example.org', version: '1.0' });
      expect(db).toMatchObject({ name: 'mariadb-webdb-example.org', role: 'db', image: 'summoner-test/mariadb:10.11', aliases: ['db'] });
      expect(app).toMatchObject({ name: 'webdb-example.org', role: 'app', image: '127.0.0.1:5000/summoner/web:1.0', aliases: ['web'] });
      expect(plan.networks).toEqual([
        { name: 'summoner-proxy', internal: false, labels: { [LABEL.managed]: 'true' } },
        { name: 'summoner-webdb-example.org', internal: true, labels: { [LABEL.managed]: 'true', [LABEL.app]: 'webdb', [LABEL.domain]: 'example.org' } },
      ]);
      expect(db!.networks).toEqual(['summoner-webdb-example.org']);
      expect(app!.networks).toEqual(['summoner-proxy', 'summoner-webdb-example.org']);
      expect(plan.secrets).toEqual(['DB_PASSWORD', 'DB_ROOT_PASSWORD']);
    });

    it('labels both containers, with the catalog digest and each image tag', () => {
      const common = { [LABEL.app]: 'webdb', [LABEL.domain]: 'example.org', [LABEL.digest]: m.digest, [LABEL.managed]: 'true' };
      expect(db!.labels).toEqual({ ...common, [LABEL.role]: 'db', [LABEL.version]: '10.11' });
      expect(app!.labels).toEqual({ ...common, [LABEL.role]: 'app', [LABEL.version]: '1.0' });
    });

    it('mounts the app data under dataRoot and the database under dbRoot', () => {
      expect(db!.mounts).toEqual([{ source: '/srv/summoner/databases/webdb/mysql', target: '/var/lib/mysql', readOnly: false }]);
      expect(app!.mounts).toEqual([{ source: '/srv/summoner/data/webdb/files', target: '/www/files', readOnly: false }]);
      expect(plan.folders).toEqual(['/srv/summoner/databases/webdb/mysql', '/srv/summoner/data/webdb/files']);
      expect(plan.folderOwners).toBeUndefined();
    });

    it('resolves the environment: secrets, DB_HOST, HOST, and the proxy variables; $$ stays a literal $', () => {
      expect(db!.env).toEqual({ MARIADB_ROOT_PASSWORD: secrets.DB_ROOT_PASSWORD, MARIADB_DATABASE: 'app', MARIADB_USER: 'app', MARIADB_PASSWORD: secrets.DB_PASSWORD });
      expect(app!.env).toEqual({
        DB_HOST: 'db',
        DB_PASSWORD: secrets.DB_PASSWORD,
        GREETING: 'hello from webdb.example.org',
        VIRTUAL_HOST: 'webdb.example.org',
        LETSENCRYPT_HOST: 'webdb.example.org',
        VIRTUAL_PORT: '8080',
      });
      expect(app!.command?.[3]).toContain('db password is $DB_PASSWORD"');
      expect(app!.command?.join(' ')).not.toContain(secrets.DB_PASSWORD);
    });

    it('never puts a secret in labels, names, networks, folders or health checks', () => {
      const { containers, ...rest } = plan;
      const visible = JSON.stringify([rest, containers.map(({ env: _env, ...c }) => c)]);
      for (const s of Object.values(secrets)) expect(visible).not.toContain(s);
      expect(JSON.stringify(plan)).toContain(secrets.DB_PASSWORD); // it is there, in env: the search works
    });

    it('a version replaces the app tag only', () => {
      const p = planDeploy(m, { config, version: '1.1', secrets });
      expect(p.version).toBe('1.1');
      expect(p.containers[1]!.image).toBe('127.0.0.1:5000/summoner/web:1.1');
      expect(p.containers[1]!.labels[LABEL.version]).toBe('1.1');
      expect(p.containers[0]!.image).toBe('summoner-test/mariadb:10.11');
    });

    it.each(['latest', 'LATEST', '../etc', 'a;rm -rf /', '$(id)', '`id`', '1.0 && reboot', '-rm', '.hidden', '', 'x'.repeat(10 * 1024), '1.0\nEVIL=1'])(
      'refuses the hostile version %j with a short, clear message',
      (version) => {
        const e = thrown(() => planDeploy(m, { config, version, secrets }));
        expect(e.code).toBe('minion.bad_version');
        expect(e.message.length).toBeLessThan(250);
        expect(e.message).toMatch(/not a valid image tag|not a version/);
      },
    );

    it('refuses to plan without a generated secret', () => {
      expect(thrown(() => planDeploy(m, { config, secrets: { DB_PASSWORD: 'only-one-123' } })).code).toBe('secrets.missing');
    });
  });
});

describe('custom catalogs: broken files are reported, the rest loads', () => {
  const catalog = loadCatalog([
    { dir: SHIPPED, origin: 'shipped' },
    { dir: FIXTURES, origin: 'custom' },
  ]);
  const f = (name: string) => path.join(FIXTURES, name, 'compose.yml');

  it.each([
    ['badkey', 'x-summoner.web.prot', /unknown key/],
    ['unknowncompose', 'services.web.imagee', /not in the Compose Specification/],
    ['privileged', 'services.web.privileged', /root on the host/],
    ['bindmount', 'services.web.volumes[1]', /bind mount of the host system path \/etc/],
    ['dockersock', 'services.web.volumes[0]', /socket/],
    ['undeclared', 'services.web.environment.SITE_NAME', /SITE_NAME is required \(set the site name\)/],
    ['wrongdb', 'x-summoner.database.type', /"oracle" is not one of mariadb, mysql, postgres, mongo/],
    ['badyaml', '(yaml)', /not valid YAML \(line 4, column \d+\)/],
    ['Bad_Name', '(file name)', /"Bad_Name" is not a minion name/],
    ['ghost', 'x-summoner.override', /ghost already exists .*override: true/],
  ])('%s: reported at %s', (name, key, message) => {
    const problems = problemsOf(catalog, f(name));
    expect(problems.map((p) => p.key)).toContain(key);
    expect(problems.find((p) => p.key === key)!.message).toMatch(message);
  });

  it('a misspelt key is reported (web.port itself may be left out: it is read from the ports)', () => {
    expect(problemsOf(catalog, f('badkey')).map((p) => p.key)).toEqual(['x-summoner.web.prot']);
  });

  it('loads the good ones (folder and flat file) and keeps every shipped minion', () => {
    const names = catalog.names();
    expect(names).toEqual(expect.arrayContaining(['good', 'flatgood', 'ghost', 'wordpress', 'registry']));
    for (const bad of ['badkey', 'unknowncompose', 'privileged', 'bindmount', 'dockersock', 'undeclared', 'wrongdb', 'badyaml']) {
      expect(names).not.toContain(bad);
    }
    expect(catalog.get('good')).toMatchObject({ origin: 'custom', file: f('good') });
    expect(catalog.get('flatgood')).toMatchObject({ origin: 'custom', web: { tag: '1.1' } });
    expect(catalog.get('ghost')).toMatchObject({ origin: 'shipped', file: path.join(SHIPPED, 'ghost/compose.yml') });
    // README.md is not a minion, and nothing else is reported
    expect(new Set(catalog.problems.map((p) => path.basename(path.dirname(p.file))))).toEqual(
      new Set(['badkey', 'unknowncompose', 'privileged', 'bindmount', 'dockersock', 'undeclared', 'wrongdb', 'badyaml', 'Bad_Name', 'ghost']),
    );
  });

  it('floating tags and extra services load, with a note saying so', () => {
    const notes = (name: string) => catalog.notes.filter((n) => n.file === f(name));
    expect(catalog.get('latest')?.web.tag).toBe('latest');
    expect(notes('latest')).toContainEqual(expect.objectContaining({ key: 'services.web.image', warning: true, message: expect.stringMatching(/floating tag/) }));
    expect(catalog.get('notag')?.web.tag).toBe('latest');
    expect(notes('notag')).toContainEqual(expect.objectContaining({ key: 'services.web.image', warning: true }));
    expect(catalog.get('extraservice')?.services?.map((s) => [s.service, s.role])).toEqual([
      ['web', 'web'],
      ['worker', 'worker'],
    ]);
    expect(notes('extraservice')).toContainEqual(expect.objectContaining({ key: 'services.worker', message: expect.stringMatching(/role worker \(inferred/) }));
  });
});

describe('custom catalogs: limits and cross-checks', () => {
  let dir: string;
  const good = (over: { x?: Record<string, unknown>; services?: Record<string, unknown>; volumes?: Record<string, unknown> } = {}) => ({
    services: over.services ?? { web: { image: 'summoner-test/web:1.0', volumes: ['files:/www/files'] } },
    volumes: over.volumes ?? { files: null },
    'x-summoner': { description: 'a tmp minion', web: { service: 'web', port: 8080, health: { http: { path: '/health' } } }, backup: 'cold', requires: { memoryMb: 16, diskMb: 1 }, ...over.x },
  });
  const withDb = (x: Record<string, unknown> = {}, db: Record<string, unknown> = {}) =>
    good({
      services: { web: { image: 'summoner-test/web:1.0', environment: { P: '${DB_PASSWORD}' } }, db: { image: 'summoner-test/mariadb:10.11', ...db } },
      volumes: {},
      x: { database: { service: 'db', type: 'mariadb', supports: '>=10.6 <12' }, variables: { DB_PASSWORD: { generate: 'password' } }, backup: 'both', ...x },
    });
  const write = (rel: string, content: string | object) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : dump(content));
    return file;
  };
  const only = (rel: string): CatalogProblem[] => {
    const c = loadCatalog([{ dir, origin: 'custom' }]);
    return c.problems.filter((p) => p.file === path.join(dir, rel));
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-catalog-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the tmp control minion loads (so the cases below fail for their own reason)', () => {
    write('control/compose.yml', good());
    write('controldb/compose.yaml', withDb());
    expect(only('control/compose.yml')).toEqual([]);
    expect(only('controldb/compose.yaml')).toEqual([]);
  });

  it('a custom minion with override: true replaces the shipped one', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-override-'));
    try {
      fs.mkdirSync(path.join(d, 'ghost'));
      fs.writeFileSync(path.join(d, 'ghost/compose.yml'), dump(good({ x: { override: true, description: 'my ghost' } })));
      const c = loadCatalog([{ dir: SHIPPED, origin: 'shipped' }, { dir: d, origin: 'custom' }]);
      expect(c.problems).toEqual([]);
      expect(c.get('ghost')).toMatchObject({ origin: 'custom', description: 'my ghost' });
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('refuses files over 256 KB without parsing them', () => {
    write('huge/compose.yml', `# ${'x'.repeat(MAX_FILE_BYTES)}\n${dump(good())}`);
    expect(only('huge/compose.yml')).toEqual([{ file: path.join(dir, 'huge/compose.yml'), key: '(file)', message: expect.stringMatching(/too large/) }]);
  });

  it('refuses alias bombs and non-mapping documents', () => {
    let bomb = 'x-a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) bomb += `x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    const r = parseCatalogText(bomb);
    expect(r).toMatchObject({ ok: false, key: '(yaml)' });
    expect(!r.ok && r.message).toMatch(/alias|too large/);
    // the same shape under the alias limit but over the size limit
    let wide = 'x-b0: &b0 [' + Array(50).fill('"z"').join(',') + ']\n';
    for (let i = 1; i < 5; i++) wide += `x-b${i}: &b${i} [${Array(20).fill(`*b${i - 1}`).join(',')}]\n`;
    expect(parseCatalogText(wide)).toMatchObject({ ok: false, key: '(yaml)', message: expect.stringMatching(/too large once its aliases are expanded/) });
    expect(parseCatalogText('- a\n- b\n')).toMatchObject({ ok: false, key: '(yaml)', message: expect.stringMatching(/mapping/) });
    expect(parseCatalogText('a: 1\na: 2\n')).toMatchObject({ ok: false, key: '(yaml)' });
    // anchors and merge keys as compose files use them still work
    expect(parseCatalogText('x-env: &env {A: "1"}\nservices:\n  web:\n    environment:\n      <<: *env\n      B: "2"\n')).toMatchObject({
      ok: true,
      doc: { services: { web: { environment: { A: '1', B: '2' } } } },
    });
  });

  it('reports a missing folder, a folder without compose.yml, and two files for one minion', () => {
    const c = loadCatalog([{ dir: path.join(dir, 'nope'), origin: 'custom' }]);
    expect(c.problems).toEqual([{ file: path.join(dir, 'nope'), key: '(folder)', message: 'no such folder' }]);
    fs.mkdirSync(path.join(dir, 'empty'));
    expect(only('empty')).toEqual([{ file: path.join(dir, 'empty'), key: '(file)', message: 'no compose.yml (or compose.yaml, docker-compose.yml) in this folder' }]);
    // the file as the app's repository names it loads too; two of them are a problem
    write('dc/docker-compose.yml', good({ x: { subdomain: 'dc' } }));
    expect(only('dc/docker-compose.yml')).toEqual([]);
    expect(loadCatalog([{ dir, origin: 'custom' }]).get('dc')?.file).toBe(path.join(dir, 'dc/docker-compose.yml'));
    write('dc2/compose.yaml', good({ x: { subdomain: 'dc2' } }));
    write('dc2/docker-compose.yml', good({ x: { subdomain: 'dc2' } }));
    expect(only('dc2')).toEqual([{ file: path.join(dir, 'dc2'), key: '(file)', message: 'both compose.yaml and docker-compose.yml: keep one' }]);
    write('twice/compose.yml', good({ x: { subdomain: 'twice-a' } }));
    write('twice.yml', good({ x: { subdomain: 'twice-b' } }));
    expect(only('twice.yml')).toEqual([{ file: path.join(dir, 'twice.yml'), key: '(file name)', message: expect.stringMatching(/defined twice/) }]);
  });

  it.each([
    ['a;rm -rf x', '"a;rm -rf x"'],
    ['$(id)', '"$(id)"'],
    ['x'.repeat(200), '… (200 characters)'],
    ['bad\nname', '"bad\\nname"'],
  ])('refuses the hostile folder name %j with a quoted, bounded message', (name, shown) => {
    write(`${name}/compose.yml`, good());
    const c = loadCatalog([{ dir, origin: 'custom' }]);
    const p = c.problems.find((x) => x.key === '(file name)' && x.message.includes(shown));
    expect(p).toBeDefined();
    expect(p!.message.length).toBeLessThan(200);
    expect(p!.file).not.toMatch(/[\n\r]/);
    expect(c.names()).not.toContain(name);
    fs.rmSync(path.join(dir, name), { recursive: true });
  });

  it('never reads a file whose name is refused', () => {
    expect(readMinionFile('/etc/passwd', '../etc', 'custom')).toEqual({
      ok: false,
      problems: [{ file: '/etc/passwd', key: '(file name)', message: expect.stringMatching(/"\.\.\/etc" is not a minion name/) }],
    });
  });

  it('backup: { method: physical } is a per-minion choice (MariaDB), default logical; on PostgreSQL it is refused, saying why', () => {
    write('physdb/compose.yml', withDb({ backup: { method: 'physical' } }));
    write('logicaldb/compose.yml', withDb({ backup: { kind: 'hot' } }));
    write('physpg/compose.yml', withDb({ database: { service: 'db', type: 'postgres', supports: '>=13' }, backup: { method: 'physical' } }, { image: 'summoner-test/postgres:15' }));
    const c = loadCatalog([{ dir, origin: 'custom' }]);
    expect(c.get('physdb')?.backup).toEqual({ hot: true, cold: true, method: 'physical' });
    expect(c.get('logicaldb')?.backup).toEqual({ hot: true, cold: false });
    const pg = c.problems.filter((p) => p.file === path.join(dir, 'physpg/compose.yml'));
    expect(pg).toContainEqual(expect.objectContaining({ key: 'x-summoner.backup.method', message: expect.stringMatching(/physical backups are made for MariaDB \(mariadb-backup\); postgres is backed up logically/) }));
  });

  it.each<[string, object, string, RegExp]>([
    ['value-of-value', good({ x: { variables: { A: { value: '${URL}' }, B: { value: '${A}/x' } } } }), 'x-summoner.variables.B.value', /not another value variable \(A\)/],
    ['required-syntax', good({ services: { web: { image: 'summoner-test/web:1.0', environment: { X: '${NOPE:?give it}' } } }, volumes: {} }), 'services.web.environment.X', /NOPE is required/],
    ['dbhost-no-db', good({ services: { web: { image: 'summoner-test/web:1.0', command: ['sh', '-c', 'ping ${DB_HOST}'] } }, volumes: {} }), 'services.web.command[2]', /only set when the minion has a database/],
    ['builtin-shadow', good({ x: { variables: { URL: { value: 'x' } } } }), 'x-summoner.variables.URL', /built in/],
    ['old-db', withDb({}, { image: 'summoner-test/mariadb:10.3' }), 'services.db.image', /mariadb 10\.3 is outside what the app supports/],
    ['version-mismatch', withDb({ database: { service: 'db', type: 'mariadb', version: '11.4', supports: '>=10.6' } }), 'x-summoner.database.version', /declared 11\.4, but the image tag is 10\.11/],
    ['no-db-service', withDb({ database: { service: 'database', type: 'mariadb', supports: '>=10' } }), 'x-summoner.database.service', /no service "database"/],
    ['hot-without-db', good({ x: { backup: 'hot' } }), 'x-summoner.backup', /there is none: use cold/],
    ['physical-without-db', good({ x: { backup: { kind: 'cold', method: 'physical' } } }), 'x-summoner.backup.method', /copies the database server, and there is none/],
    ['physical-unknown-key', good({ x: { backup: { kind: 'cold', mode: 'physical' } } }), 'x-summoner.backup.mode', /^unknown key/],
    ['file-unmounted', good({ x: { files: [{ volume: 'other', path: 'a', content: 'x' }] } }), 'x-summoner.files[0].volume', /not mounted/],
    ['file-traversal', good({ x: { files: [{ volume: 'files', path: '../../etc/cron.d/x', content: 'x' }] } }), 'x-summoner.files[0].path', /relative path/],
    ['file-mode-number', good({ x: { files: [{ volume: 'files', path: 'a', content: 'x', mode: 600 }] } }), 'x-summoner.files[0].mode', /quoted octal/],
    ['file-world-writable', good({ x: { files: [{ volume: 'files', path: 'a', content: 'x', mode: '0666' }] } }), 'x-summoner.files[0].mode', /world-writable/],
    ['host-network', good({ services: { web: { image: 'summoner-test/web:1.0', network_mode: 'host' } }, volumes: {} }), 'services.web.network_mode', /refused/],
    ['cap-add', good({ services: { web: { image: 'summoner-test/web:1.0', cap_add: ['SYS_ADMIN'] } }, volumes: {} }), 'services.web.cap_add', /capabilities/],
    ['under_score', good(), 'x-summoner.subdomain', /not a DNS label/],
    // a build stays in the minion's folder and gets no more power than a container
    ['build-up', good({ services: { web: { build: '../other' } }, volumes: {} }), 'services.web.build', /inside the minion's folder/],
    ['build-abs', good({ services: { web: { build: { context: '/etc' } } }, volumes: {} }), 'services.web.build.context', /inside the minion's folder/],
    ['build-git', good({ services: { web: { build: 'https://github.com/x/y.git' } }, volumes: {} }), 'services.web.build', /no URL/],
    ['build-df', good({ services: { web: { build: { context: '.', dockerfile: '../Dockerfile' } } }, volumes: {} }), 'services.web.build.dockerfile', /inside the build context/],
    ['build-priv', good({ services: { web: { build: { context: '.', privileged: true } } }, volumes: {} }), 'services.web.build.privileged', /root on the host/],
    ['build-net', good({ services: { web: { build: { context: '.', network: 'host' } } }, volumes: {} }), 'services.web.build.network', /refused/],
    // without x-summoner the web service is guessed; with no published port its HTTP port cannot be
    ['no-x', { services: { web: { image: 'summoner-test/web:1.0' } } }, 'x-summoner.web.port', /cannot be read from its ports: set x-summoner.web.port/],
  ])('%s: reported at %s', (name, doc, key, message) => {
    write(`${name}/compose.yml`, doc);
    const problems = only(`${name}/compose.yml`);
    expect(problems.map((p) => p.key)).toContain(key);
    expect(problems.find((p) => p.key === key)!.message).toMatch(message);
  });

  it('two minions on one subdomain: the later one is refused', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-subdomain-'));
    try {
      fs.mkdirSync(path.join(d, 'site'));
      fs.writeFileSync(path.join(d, 'site/compose.yml'), dump(good({ x: { subdomain: 'www' } })));
      const c = loadCatalog([{ dir: SHIPPED, origin: 'shipped' }, { dir: d, origin: 'custom' }]);
      expect(c.problems).toEqual([{ file: path.join(d, 'site/compose.yml'), key: 'x-summoner.subdomain', message: 'subdomain www is already used by static' }]);
      expect(c.get('site')).toBeUndefined();
      expect(c.get('static')).toBeDefined();
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('lookups refuse hostile names', () => {
  const catalog = loadCatalog([{ dir: SHIPPED, origin: 'shipped' }]);

  it.each(['../etc', '../../minions/ghost', 'a;rm -rf /', '$(id)', '`id`', 'Ghost', 'ghost\n', ' ghost', '', 'x'.repeat(10 * 1024), '__proto__', 'constructor'])(
    '%j: get gives nothing, lookup says why',
    (name) => {
      expect(catalog.get(name)).toBeUndefined();
      const e = thrown(() => catalog.lookup(name));
      expect(['minion.bad_name', 'minion.unknown']).toContain(e.code);
      expect(e.message.length).toBeLessThan(200);
      if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(name)) {
        expect(e.code).toBe('minion.bad_name');
        expect(e.message).toContain('is not a minion name');
      }
    },
  );

  it('a 10 KB name is cut in the message, with its length', () => {
    expect(thrown(() => catalog.lookup('y'.repeat(10 * 1024))).message).toContain('… (10240 characters)');
  });

  it('known and unknown good names', () => {
    expect(catalog.lookup('ghost').name).toBe('ghost');
    const e = thrown(() => catalog.lookup('nothere'));
    expect(e).toEqual({ code: 'minion.unknown', message: 'no minion called nothere in the catalog' });
  });
});
