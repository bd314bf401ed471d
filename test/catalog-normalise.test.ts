// What the catalog normalises and what it refuses (issue 14, items 3 to 5): refusals say what to do instead,
// a file's problems all come in one pass grouped by service and named by key (the variable, not the list
// index), `list` says how many more when it cuts, shell strings are split without a shell unless they hold
// operators, digests are the strongest pin, and hardening and limits reach the plan.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import list from '../commands/list.js';
import { configSchema } from '../src/config/schema.js';
import { loadCatalog, minionFromDoc, parseCatalogText, planDeploy, type Catalog } from '../src/core/catalog/index.js';
import { splitWords } from '../src/core/catalog/words.js';
import { replies } from '../src/i18n/replies.js';

const X = { description: 'a tmp minion', web: { service: 'web', port: 8080 } };
const DIGEST = `sha256:${'a'.repeat(64)}`;
let dir: string;
let catalog: Catalog;
const file = (name: string) => path.join(dir, name, 'compose.yml');
const problems = (name: string) => catalog.problems.filter((p) => p.file === file(name));

const FILES: Record<string, object> = {
  // one problem or more in every service, in file order web, db, worker
  hostile: {
    services: {
      web: { image: 'summoner-test/web:1.0', privileged: true, command: 'echo hi && rm -rf /data', volumes: ['/var/run/docker.sock:/var/run/docker.sock'] },
      db: {
        image: 'postgres:16',
        cap_add: ['SYS_ADMIN'],
        environment: ['POSTGRES_USER=app', 'POSTGRES_DB=${PG_DBNAME:?set PG_DBNAME}', 'POSTGRES_PASSWORD=${PG_PASS:?set PG_PASS}'],
        security_opt: ['seccomp:unconfined'],
      },
      worker: { image: 'summoner-test/web:1.0', devices: ['/dev/kmsg:/dev/kmsg'], sysctls: { 'net.core.somaxconn': 1024 }, network_mode: 'host', pid: 'host' },
    },
    volumes: { shared: { driver: 'nfs', driver_opts: { o: 'addr=10.0.0.1' } } },
    'x-summoner': X,
  },
  many: {
    services: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`s${i}`, { image: 'summoner-test/web:1.0', privileged: true }])),
    'x-summoner': { ...X, web: { service: 's0', port: 8080 } },
  },
  homes: {
    services: { web: { image: 'summoner-test/web:1.0', volumes: ['~/photos:/photos:ro', '/home/me/music:/music', '/srv/app/data:/data', '/etc/localtime:/etc/localtime:ro'] } },
    'x-summoner': X,
  },
  wholehome: { services: { web: { image: 'summoner-test/web:1.0', volumes: ['~:/home/host', '/proc:/host/proc:ro'] } }, 'x-summoner': X },
  hardened: {
    services: {
      web: {
        image: `summoner-test/web:1.0@${DIGEST}`,
        command: 'gunicorn --bind "0.0.0.0:8080" app:main',
        cap_drop: ['ALL'],
        read_only: true,
        security_opt: ['no-new-privileges:true'],
        tmpfs: ['/tmp:size=64m'],
        mem_limit: '256m',
        cpus: 0.5,
        shm_size: '64mb',
        ulimits: { nofile: { soft: 1024, hard: 2048 } },
        container_name: 'my-web',
        networks: ['front'],
        labels: { 'traefik.enable': 'true' },
        ports: ['8080:8080', '2222:22'],
        depends_on: { migrate: { condition: 'service_completed_successfully' }, cache: { condition: 'service_started', required: false } },
      },
      migrate: { image: 'summoner-test/web:1.0', command: ['migrate'], restart: 'no' },
      cache: { image: 'valkey/valkey:8.1.3-alpine', ports: ['6379:6379'] },
    },
    networks: { front: {} },
    'x-summoner': X,
  },
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-normalise-'));
  for (const [name, doc] of Object.entries(FILES)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(file(name), dump(doc));
  }
  catalog = loadCatalog([{ dir, origin: 'custom' }]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('refusals: every problem of a file, in one pass, grouped by service', () => {
  it('reports each refused key, with what to do instead', () => {
    const byKey = Object.fromEntries(problems('hostile').map((p) => [p.key, p.message]));
    expect(byKey['services.web.privileged']).toMatch(/root on the host; remove it/);
    expect(byKey['services.web.command']).toMatch(/shell operator "&".*\["sh", "-c"/);
    expect(byKey['services.web.volumes[0]']).toMatch(/socket.*remove it/);
    expect(byKey['services.db.cap_add']).toMatch(/remove it/);
    expect(byKey['services.db.environment.POSTGRES_DB']).toMatch(/PG_DBNAME is required/);
    // a required secret is generated instead (a warning note), never a problem
    expect(byKey['services.db.environment.POSTGRES_PASSWORD']).toBeUndefined();
    expect(byKey['services.db.security_opt[0]']).toMatch(/only no-new-privileges/);
    expect(byKey['services.worker.devices']).toMatch(/host devices/);
    expect(byKey['services.worker.sysctls']).toMatch(/kernel parameters/);
    expect(byKey['services.worker.network_mode']).toMatch(/refused/);
    expect(byKey['services.worker.pid']).toMatch(/refused/);
    expect(byKey['volumes.shared.driver']).toMatch(/volume drivers/);
    expect(byKey['volumes.shared.driver_opts']).toMatch(/volume drivers/);
  });

  it('groups them: file-level keys first, then each service in file order', () => {
    const order = problems('hostile').map((p) => /^services\.([^.[]+)/.exec(p.key)?.[1] ?? '(file)');
    const firstOf = (s: string) => order.indexOf(s);
    const lastOf = (s: string) => order.lastIndexOf(s);
    expect(lastOf('(file)')).toBeLessThan(firstOf('web'));
    expect(lastOf('web')).toBeLessThan(firstOf('db'));
    expect(lastOf('db')).toBeLessThan(firstOf('worker'));
  });

  it('a file with more problems than are listed says how many more, and so does `list`', async () => {
    const mine = problems('many');
    expect(mine).toHaveLength(31);
    expect(mine[30]).toMatchObject({ key: '(more)', message: '10 more problems in this file' });
    const out = (await list.run({ services: { catalog }, lang: 'en', t: replies('en') } as never, {} as never)) as string;
    expect(out).toMatch(/… and \d+ more/);
  });
});

describe('host folders', () => {
  it('a folder of a home or of /srv becomes a named volume under the data root (the host folder is never mounted)', () => {
    expect(problems('homes')).toEqual([]);
    const m = catalog.get('homes')!;
    expect(m.web.volumes).toEqual([
      { name: 'photos', target: '/photos', readOnly: true },
      { name: 'home-me-music', target: '/music' },
      { name: 'srv-app-data', target: '/data' },
    ]);
    expect(m.notes!.some((n) => n.key === 'services.web.volumes[3]' && /dropped: \/etc\/localtime/.test(n.message))).toBe(true);
  });

  it('a whole home and a host system path are refused, both in one pass', () => {
    expect(problems('wholehome').map((p) => p.key)).toEqual(['services.web.volumes[0]', 'services.web.volumes[1]']);
    expect(problems('wholehome')[1]!.message).toMatch(/host system path \/proc/);
  });
});

describe('normalised, with notes', () => {
  it('loads the hardened file, and says what it changed', () => {
    expect(problems('hardened')).toEqual([]);
    const notes = catalog.get('hardened')!.notes!.map((n) => `${n.key}: ${n.message}`).join('\n');
    expect(notes).toMatch(/services\.web\.container_name: replaced/);
    expect(notes).toMatch(/services\.web\.networks: replaced/);
    expect(notes).toMatch(/services\.web\.labels: replaced/);
    expect(notes).toMatch(/^networks: ignored/m);
    expect(notes).toMatch(/services\.web\.ports\[0\]: not published: the proxy serves port 8080/);
    expect(notes).toMatch(/services\.cache\.ports: not published: a cache/);
    expect(notes).toMatch(/services\.migrate: role job/);
    expect(notes).not.toMatch(/floating/);
  });

  it('keeps the digest pin, roles, dependencies and limits in the plan', () => {
    const m = catalog.get('hardened')!;
    const config = configSchema.parse({ domain: 'example.org', dataRoot: '/srv/d', dbRoot: '/srv/db' });
    const plan = planDeploy(m, { config, secrets: {} });
    const web = plan.containers.find((c) => c.role === 'app')!;
    expect(web.image).toBe(`summoner-test/web:1.0@${DIGEST}`);
    expect(web.command).toEqual(['gunicorn', '--bind', '0.0.0.0:8080', 'app:main']);
    expect(web.ports).toEqual([{ host: 2222, container: 22, protocol: 'tcp' }]);
    expect(web.limits).toMatchObject({
      capDrop: ['ALL'],
      readOnly: true,
      noNewPrivileges: true,
      tmpfs: { '/tmp': 'size=64m' },
      memoryBytes: 256 * 1024 * 1024,
      nanoCpus: 5e8,
      shmSizeBytes: 64 * 1024 * 1024,
      ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
    });
    expect(plan.services.map((s) => [s.service, s.role])).toEqual([
      ['migrate', 'job'],
      ['cache', 'cache'],
      ['web', 'web'],
    ]);
    expect(plan.services.find((s) => s.service === 'web')!.dependsOn).toEqual([
      { service: 'migrate', condition: 'service_completed_successfully', required: true, restart: false },
      { service: 'cache', condition: 'service_started', required: false, restart: false },
    ]);
    // every service runs: the cache and the job as <app>-<service>-<domain>, started before the web service
    expect(plan.services.find((s) => s.service === 'web')!.container).toBe(web.name);
    expect(plan.services.find((s) => s.service === 'cache')!.container).toBe('hardened-cache-example.org');
    expect(plan.containers.map((c) => c.aliases[0])).toEqual(['cache', 'migrate', 'web']);
  });
});

describe('splitting a command string without a shell', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    [`sh -c "echo 'x y' && exit 1"`, ['sh', '-c', "echo 'x y' && exit 1"]],
    ['a\\ b "c\\"d" \'e$f\'', ['a b', 'c"d', 'e$f']],
  ])('%s', (text, words) => expect(splitWords(text)).toEqual({ ok: true, words }));

  it.each(['a | b', 'a; b', 'a > f', 'a && b', 'echo $(id)', 'echo `id`', '"open'])('%s is refused', (text) => {
    expect(splitWords(text).ok).toBe(false);
  });
});

describe('extends (a service of the same file)', () => {
  const load = (text: string) => {
    const p = parseCatalogText(text);
    if (!p.ok) throw new Error(p.message);
    return minionFromDoc(p.doc, { name: 'ext', file: 'ext.yml', origin: 'custom', digest: 'sha256:0' });
  };
  const BASE = `services:
  app:
    image: nginx:1.27.3
    ports: ["8080:80"]
    volumes: [data:/data]
    environment: { A: "1" }
volumes: { data: {} }
x-summoner: { description: t, web: { service: app, port: 80 } }
`;

  it("merges the base's keys under the service's own (mappings merged, volumes added up), with a note", () => {
    const r = load(BASE.replace('volumes: { data: {} }', `  worker:\n    extends: app\n    command: ["nginx", "-t"]\n    volumes: [cache:/cache]\n    environment: { B: "2" }\nvolumes: { data: {}, cache: {} }`));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const w = r.minion.services!.find((s) => s.service === 'worker')!;
    expect(w.image).toBe('nginx');
    expect(w.environment).toMatchObject({ A: '1', B: '2' });
    expect(w.volumes.map((v) => v.name).sort()).toEqual(['cache', 'data']);
    expect(r.minion.notes!.some((n) => n.key === 'services.worker.extends' && /keys of app merged in/.test(n.message))).toBe(true);
    // the file's order is kept
    expect(r.minion.services!.map((s) => s.service)).toEqual(['app', 'worker']);
  });

  it('refuses a loop, an unknown base and a file that is not beside it, each at its key, in one pass', () => {
    const r = load(BASE.replace('volumes: { data: {} }', `  a: { extends: b, image: "x:1" }\n  b: { extends: a, image: "x:1" }\n  c: { extends: nope, image: "x:1" }\n  d: { extends: { service: app, file: other.yml }, image: "x:1" }\nvolumes: { data: {} }`));
    expect(r.ok).toBe(false);
    const keys = (r.ok ? [] : r.issues).map((i) => `${i.key}: ${i.message}`).join('\n');
    expect(keys).toMatch(/services\.b\.extends: extends a loops back to b/);
    expect(keys).toMatch(/services\.c\.extends: no service "nope" under services to extend/);
    expect(keys).toMatch(/services\.d\.extends\.file: other\.yml is not in the minion's folder: put it beside the compose file/);
  });
});
