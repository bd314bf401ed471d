// Compose configs and config files of a minion's folder (issue 14, item 3): a top-level config from a file
// beside the compose file, from `content:` (interpolated as compose does) or from a variable is a read-only
// copy at its target; a file bind mount of the folder is the same; `volumes_from` shares named volumes;
// `include` and `extends: { file }` read compose files beside this one. What cannot be read is a problem
// naming its key, all of them in one pass; an external config, another app's container or a file in another
// folder is refused with what to do instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { loadCatalog, planDeploy, type Catalog } from '../src/core/catalog/index.js';

const X = { description: 'a tmp minion', web: { service: 'web', port: 8080 } };
const config = configSchema.parse({ domain: 'example.org', dataRoot: '/srv/summoner/data', dbRoot: '/srv/summoner/databases' });
let dir: string;
let catalog: Catalog;
const problems = (name: string) => catalog.problems.filter((p) => p.file === path.join(dir, name, 'compose.yml')).map((p) => `${p.key}: ${p.message}`);

const FILES: Record<string, { doc: object; beside?: Record<string, string> }> = {
  configs: {
    doc: {
      services: {
        web: {
          image: 'summoner-test/web:1.0',
          configs: ['site', { source: 'motd', target: '/etc/motd', mode: 0o440 }, { source: 'fromenv', target: '/etc/app/env.txt' }],
          volumes: ['${PWD}/conf/app.ini:/etc/app/app.ini:ro', './entry.sh:/docker-entrypoint.d/10-entry.sh'],
        },
      },
      configs: {
        site: { file: './site.conf' },
        motd: { content: 'Welcome to ${APP_TITLE:-the app} at ${URL}, $$HOME stays\n' },
        fromenv: { environment: 'GREETING' },
      },
      'x-summoner': X,
    },
    beside: { 'site.conf': 'server { listen 8080; } # ${NOT_A_VARIABLE}\n', 'conf/app.ini': '[app]\nname = x\n', 'entry.sh': '#!/bin/sh\necho $HOME\n', '.env': 'GREETING=hello\n' },
  },
  included: {
    doc: {
      include: ['./db.yml'],
      services: { web: { extends: { file: 'common.yml', service: 'app' }, ports: ['8080:8080'], depends_on: ['db'] } },
      'x-summoner': X,
    },
    beside: {
      'db.yml': dump({ services: { db: { image: 'postgres:16.9', environment: { POSTGRES_PASSWORD: '${DB_PASSWORD}' }, volumes: ['dbdata:/var/lib/postgresql/data'] } }, volumes: { dbdata: {} } }),
      'common.yml': dump({ services: { base: { image: 'summoner-test/web:1.0', environment: { A: '1' } }, app: { extends: 'base', environment: { B: '2' }, volumes: ['data:/data'] } } }),
    },
  },
  badinclude: {
    doc: {
      include: ['../elsewhere/compose.yml', 'sub/more.yml', 'missing.yml', { path: './dup.yml' }],
      services: { web: { image: 'summoner-test/web:1.0', extends: { file: 'dup.yml', service: 'nosuch' } } },
      'x-summoner': X,
    },
    beside: { 'dup.yml': dump({ services: { web: { image: 'summoner-test/web:2.0' } } }) },
  },
  salt: {
    doc: { services: { web: { image: 'summoner-test/web:1.0', environment: { SALT_STORE_TYPE: '${SALT_STORE_TYPE:-file}', HASH_SALT: '${HASH_SALT:-abc}' } } }, 'x-summoner': X },
  },
  broken: {
    doc: {
      services: {
        web: { image: 'summoner-test/web:1.0', configs: ['external_one', 'missing_file', 'undeclared'], volumes_from: ['container:other-app'] },
        worker: { image: 'summoner-test/web:1.0', volumes_from: ['nosuch', 'web:rw:extra'] },
        a: { image: 'summoner-test/web:1.0', volumes_from: ['b'] },
        b: { image: 'summoner-test/web:1.0', volumes_from: ['a'], volumes: ['data:/data'] },
      },
      configs: { external_one: { external: true }, missing_file: { file: './nope.conf' } },
      'x-summoner': X,
    },
  },
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-configs-'));
  for (const [name, { doc, beside }] of Object.entries(FILES)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'compose.yml'), dump(doc));
    for (const [rel, text] of Object.entries(beside ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, name, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, name, rel), text, { mode: rel.endsWith('.sh') ? 0o755 : 0o644 });
    }
  }
  catalog = loadCatalog([{ dir, origin: 'custom' }]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('compose configs and config files', () => {
  it('each config is a read-only copy at its target: files literal, content interpolated, a variable from .env', () => {
    expect(problems('configs')).toEqual([]);
    const m = catalog.get('configs')!;
    const plan = planDeploy(m, { config, secrets: {} });
    const web = plan.containers.find((c) => c.aliases[0] === 'web')!;
    const folder = `${config.dataRoot}/configs/web-configs`;
    const at = (target: string) => {
      const mount = web.mounts.find((x) => x.target === target)!;
      expect(mount, target).toMatchObject({ readOnly: true });
      expect(mount.source.startsWith(`${folder}/`)).toBe(true);
      return plan.files!.find((f) => f.path === mount.source)!;
    };
    // default target /<name>; a file's text is literal (no interpolation of what lies beside the compose file)
    expect(at('/site')).toMatchObject({ content: 'server { listen 8080; } # ${NOT_A_VARIABLE}\n', mode: 0o444 });
    // content: compose's interpolation settled at load, Summoner's own ${URL} at deploy, $$ a literal $
    expect(at('/etc/motd')).toMatchObject({ content: 'Welcome to the app at https://configs.example.org, $HOME stays\n', mode: 0o440 });
    expect(at('/etc/app/env.txt').content).toBe('hello');
    // bind mounts of files of the folder: the same, an executable one stays executable
    expect(at('/etc/app/app.ini')).toMatchObject({ content: '[app]\nname = x\n', mode: 0o444 });
    expect(at('/docker-entrypoint.d/10-entry.sh')).toMatchObject({ content: '#!/bin/sh\necho $HOME\n', mode: 0o555 });
    // the volume's folder is made, the files are written into it, and no file is made a folder
    expect(plan.folders).toContain(folder);
    for (const f of plan.files!) expect(plan.folders).not.toContain(f.path);
    // written into the minion's folder? never: every source lies under the data root
    for (const x of web.mounts) expect(x.source.startsWith(`${config.dataRoot}/configs/`)).toBe(true);
    const notes = m.notes!.map((n) => `${n.key}: ${n.message}`).join('\n');
    expect(notes).toMatch(/configs\.site\.file: read \.\/site\.conf from the minion's folder/);
    // ${PWD} is where docker compose runs: the minion's folder
    expect(notes).toMatch(/services\.web\.volumes\[0\]: \$\{PWD\} is the folder docker compose runs in: read as the minion's folder/);
    expect(notes).toMatch(/services\.web\.volumes\[1\]: normalised: the file \.\/entry\.sh of the minion's folder is mounted read-only at \/docker-entrypoint\.d\/10-entry\.sh .*; the app cannot change it/);
    expect(m.notes!.find((n) => n.key === 'services.web.volumes[1]')!.warning).toBe(true);
  });

  it("the minion's digest covers the files read beside its compose file: editing one is a catalog change", () => {
    const digestOf = (name: string) => loadCatalog([{ dir, origin: 'custom' }]).get(name)!.digest;
    for (const [name, rel] of [['configs', 'site.conf'], ['configs', '.env'], ['included', 'common.yml']] as const) {
      const before = digestOf(name);
      expect(digestOf(name)).toBe(before); // the same files, the same digest
      const file = path.join(dir, name, rel);
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, `${text}\n# edited\n`);
      try {
        expect(digestOf(name), `${name}/${rel}`).not.toBe(before);
      } finally {
        fs.writeFileSync(file, text);
      }
      expect(digestOf(name)).toBe(before);
    }
  });

  it('every problem at once, each at its key, saying what to do instead', () => {
    expect(catalog.get('broken')).toBeUndefined();
    expect(problems('broken')).toEqual([
      'configs.external_one.external: an external config is made outside the file and is not available here: give it file: (beside the compose file) or content:',
      "configs.missing_file.file: ./nope.conf is not in the minion's folder: put it beside the compose file",
      'services.web.volumes_from[0]: refused: the volumes of a container outside this app; give the services named volumes (volumes: [data:/path]) instead',
      'services.web.configs[2]: no config "undeclared" under the top-level configs',
      'services.worker.volumes_from[1]: unsupported mode "rw:extra" (ro or rw)',
      'services.worker.volumes_from[0]: no service "nosuch" in this file',
      'services.b.volumes_from[0]: volumes_from a loops back to b',
    ]);
  });

  it('a name ending in SALT is a secret (generated), one only starting with it is not', () => {
    const m = catalog.get('salt')!;
    expect(m.web.environment).toEqual({ SALT_STORE_TYPE: 'file', HASH_SALT: '${HASH_SALT}' });
    expect(m.variables.HASH_SALT).toMatchObject({ generate: 'password' });
    expect(Object.hasOwn(m.variables, 'SALT_STORE_TYPE')).toBe(false);
  });

  it('include and extends: { file } read compose files beside this one, as compose merges them', () => {
    expect(problems('included')).toEqual([]);
    const m = catalog.get('included')!;
    expect(m.services!.map((x) => x.service).sort()).toEqual(['db', 'web']);
    expect(m.web).toMatchObject({ image: 'summoner-test/web', tag: '1.0', environment: { A: '1', B: '2' }, volumes: [{ name: 'data', target: '/data' }] });
    expect(m.database).toMatchObject({ service: 'db', type: 'postgres' });
    expect(m.variables.DB_PASSWORD).toMatchObject({ generate: 'password' });
    const notes = m.notes!.map((n) => `${n.key}: ${n.message}`).join('\n');
    expect(notes).toMatch(/include\[0\]: normalised: db\.yml included from the minion's folder \(services db\)/);
    expect(notes).toMatch(/services\.web\.extends: normalised: the keys of app in common\.yml merged in/);
  });

  it('an include or extends of a file elsewhere, missing or clashing is a problem saying what to do', () => {
    expect(problems('badinclude')).toEqual([
      'include[0]: not supported: "../elsewhere/compose.yml" is not a compose file beside this one (its relative paths would mean another folder); put it beside the compose file, or copy its services in',
      'include[1]: not supported: "sub/more.yml" is not a compose file beside this one (its relative paths would mean another folder); put it beside the compose file, or copy its services in',
      "include[2]: missing.yml is not in the minion's folder: put it beside the compose file",
      'services.web: defined both in the compose file and in dup.yml (included): keep one',
      'services.web.extends: no service "nosuch" under services in dup.yml',
    ]);
  });
});
