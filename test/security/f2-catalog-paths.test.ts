// Issue 12, finding 2: no catalog file reaches outside its folders. Real catalog files in a temp catalog
// folder: volumes named `..`, `.`, an absolute path, a name with `/`, a bind mount through a symlink in the
// minion's folder and an env_file through a symlink leading out are refused at load, with the file and key
// named; the plan refuses a volume outside `<root>/<app>/` however the Minion was built; the deploy refuses a
// folder under the data root that is a symlink leading out, before any mkdir; a symlink loop or a dangling
// link in a catalog folder is a problem of that entry, and the other minions still load.
// On 5a65e0e: the `..` / `.` volumes load (and mount the data root), the loop throws ELOOP out of loadCatalog.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { loadCatalog, planDeploy, type Catalog } from '../../src/core/catalog/index.js';
import { assertAppPaths } from '../../src/core/engine/mount-guard.js';
import { isSummonerError } from '../../src/errors.js';
import { minion } from '../helpers/docker.js';

const X_SUMMONER = `
x-summoner:
  description: a test app
  web: { service: web, port: 8080, health: { http: { path: /health } } }
  backup: cold
  requires: { memoryMb: 64, diskMb: 10 }
`;

/** A minimal minion whose web service mounts `volumesYaml` (a YAML list) and declares `topVolumes`. */
const composeWith = (volumesYaml: string, topVolumes = '') => `services:
  web:
    image: summoner-test/web:1.0
    volumes:
${volumesYaml}
${topVolumes ? `volumes:\n${topVolumes}\n` : ''}${X_SUMMONER}`;

let dir: string;
let outside: string;
let catalog: Catalog;
const fileOf = (name: string) => path.join(dir, name, 'compose.yml');
const problemsOf = (name: string) => catalog.problems.filter((p) => p.file === fileOf(name));

function write(name: string, text: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(fileOf(name), text);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-f2-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-f2-outside-'));
  fs.writeFileSync(path.join(outside, 'secrets.env'), 'STOLEN=1\n');
  // the issue's case: the long syntax with a top-level `..` volume
  write('dotdot', composeWith('      - { type: volume, source: "..", target: /data }', '  "..":'));
  write('dot', composeWith('      - { type: volume, source: ".", target: /data }', '  ".":'));
  write('dotdotshort', composeWith('      - "..:/data"'));
  write('absolute', composeWith('      - { type: volume, source: /srv/summoner/data, target: /data }'));
  write('slash', composeWith('      - { type: volume, source: "other/data", target: /data }'));
  write('relative-up', composeWith('      - "./data/../../..:/data"'));
  write('hostpath', composeWith('      - "/var/lib/docker:/data"'));
  write('filesvol', composeWith('      - "data:/data"', '  data:').replace('  backup: cold', '  backup: cold\n  files:\n    - { volume: "..", path: x, content: y }'));
  // a bind mount of an app-relative folder that is a symlink to / (the whole host)
  write('symlinked', composeWith('      - "./data:/data"'));
  fs.symlinkSync('/', path.join(dir, 'symlinked', 'data'));
  // an env_file that is a symlink leading out of the minion's folder
  write('envlink', composeWith('      - "data:/data"', '  data:').replace('    volumes:', '    env_file: stolen.env\n    volumes:'));
  fs.symlinkSync(path.join(outside, 'secrets.env'), path.join(dir, 'envlink', 'stolen.env'));
  // a symlink loop and a dangling link in the catalog folder itself, and one as a compose file
  fs.symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop'));
  fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
  fs.mkdirSync(path.join(dir, 'fileloop'));
  fs.symlinkSync(path.join(dir, 'fileloop', 'compose.yml'), path.join(dir, 'fileloop', 'compose.yml'));
  // the control: a good one
  write('good', composeWith('      - "data:/data"', '  data:'));
  catalog = loadCatalog([{ dir, origin: 'custom' }]);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe('catalog files cannot reach outside their folders (issue 12, finding 2)', () => {
  it('the control minion loads, so each refusal below is for its own reason', () => {
    expect(catalog.names()).toContain('good');
  });

  it.each([
    ['dotdot', /volumes|services\.web\.volumes\[0\]/],
    ['dot', /volumes|services\.web\.volumes\[0\]/],
    ['dotdotshort', /^services\.web\.volumes\[0\]$/],
    ['absolute', /^services\.web\.volumes\[0\]$/],
    ['slash', /^services\.web\.volumes\[0\]$/],
    ['relative-up', /^services\.web\.volumes\[0\]$/],
    ['hostpath', /^services\.web\.volumes\[0\]$/],
    ['filesvol', /^x-summoner\.files\[0\]\.volume$/],
    ['symlinked', /^services\.web\.volumes\[0\]$/],
    ['envlink', /^services\.web\.env_file$/],
  ])('%s is refused at load, with its file and key', (name, key) => {
    expect(catalog.names()).not.toContain(name);
    const problems = problemsOf(name);
    expect(problems.length, JSON.stringify(catalog.problems.filter((p) => p.file.includes(name)))).toBeGreaterThan(0);
    expect(problems.some((p) => key.test(p.key)), JSON.stringify(problems)).toBe(true);
    expect(problems.every((p) => p.file === fileOf(name))).toBe(true);
  });

  it('says why: the data root, a symlink, a host system path', () => {
    expect(problemsOf('dotdot').map((p) => p.message).join(' ')).toMatch(/not a volume name/);
    expect(problemsOf('symlinked').map((p) => p.message).join(' ')).toMatch(/symlink/);
    expect(problemsOf('envlink').map((p) => p.message).join(' ')).toMatch(/symlink leading outside/);
    expect(problemsOf('hostpath').map((p) => p.message).join(' ')).toMatch(/host system path/);
  });

  it('a symlink loop, a dangling link and a looping compose file are problems of their entry, never a crash', () => {
    const loop = catalog.problems.find((p) => p.file === path.join(dir, 'loop'));
    expect(loop?.message).toMatch(/symlink loop/);
    expect(catalog.problems.some((p) => p.file === path.join(dir, 'fileloop', 'compose.yml') && /symlink loop/.test(p.message))).toBe(true);
    expect(catalog.names()).not.toContain('dangling');
    expect(catalog.names()).toContain('good');
  });
});

describe('the plan and the deploy check every host path under <root>/<app>/', () => {
  const config = configSchema.parse({ domain: 'example.org', dataRoot: '/srv/summoner/data', dbRoot: '/srv/summoner/databases' });
  const secrets = { DB_PASSWORD: 'x'.repeat(24) };

  it.each(['..', '.', '/etc', 'a/b', '../other'])('a Minion written by hand with the volume %j does not plan', (name) => {
    const m = minion('evil', { web: { ...minion('evil').web, volumes: [{ name, target: '/data' }] } });
    let code: string | undefined;
    try {
      planDeploy(m, { config, secrets });
    } catch (e) {
      code = isSummonerError(e) ? e.code : 'other';
    }
    expect(code).toBe('plan.path_outside');
  });

  it('a folder under the data root that is a symlink leading out is refused before any mkdir or chown', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-f2-root-'));
    try {
      fs.mkdirSync(path.join(root, 'data', 'app'), { recursive: true });
      fs.symlinkSync(outside, path.join(root, 'data', 'app', 'files'));
      const roots = [path.join(root, 'data'), path.join(root, 'databases')];
      expect(() => assertAppPaths('app', roots, [path.join(root, 'data', 'app', 'files')])).toThrow(/not inside/);
      expect(() => assertAppPaths('app', roots, [path.join(root, 'data', 'app', 'files', 'deeper', 'x')])).toThrow(/not inside/);
      expect(() => assertAppPaths('app', roots, [path.join(root, 'data', 'app')])).toThrow(/not inside/);
      expect(() => assertAppPaths('app', roots, [path.join(root, 'data', 'other', 'x')])).toThrow(/not inside/);
      expect(() => assertAppPaths('app', roots, [path.join(root, 'data', 'app', 'real')])).not.toThrow();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
