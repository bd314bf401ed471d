// deploy/, the production way to run Summoner: the compose file is valid against the Compose Specification and
// sets what the container needs; the container config derived from summoner.example.yml loads as shipped and
// differs from it only where the container needs it; deploy/env.example names every variable compose reads.
// test/docker-production.test.ts runs all of it for real.
import fs from 'node:fs';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { composeSchemaIssues } from '../src/core/catalog/compose.js';
import { loadConfig } from '../src/config/load.js';
import { configSchema } from '../src/config/schema.js';

const deploy = (f: string) => path.resolve(import.meta.dirname, '../deploy', f);
const read = (f: string) => fs.readFileSync(f, 'utf8');
const doc = parseYaml(read(deploy('compose.yml'))) as any;
const svc = doc.services.summoner;

/** Every ${VAR…} a text uses. */
const variables = (text: string) => new Set([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!));
/** The VAR= lines of an env file. */
const envKeys = (text: string) => new Set([...text.matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]!));

describe('deploy/compose.yml', () => {
  it('is a valid compose file', () => {
    expect(composeSchemaIssues(doc)).toEqual([]);
  });

  it('runs Summoner with the socket through its group, its config, a stop grace above its own deadline, restarted unless stopped', () => {
    expect(svc.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(svc.group_add).toEqual([expect.stringMatching(/^\$\{DOCKER_GID:\?/)]);
    expect(svc.volumes).toContain('./summoner.yml:/etc/summoner/summoner.yml:ro');
    expect(Number(/^(\d+)s$/.exec(svc.stop_grace_period)?.[1])).toBeGreaterThanOrEqual(25);
    expect(svc.init).toBe(true);
    expect(svc.restart).toBe('unless-stopped');
    expect(svc.environment.SUMMONER_MATTERMOST_TOKEN).toMatch(/^\$\{SUMMONER_MATTERMOST_TOKEN:\?/);
    // the example's webhook secrets are passed through (empty unless set)
    for (const v of ['SUMMONER_HOOK_GITLAB', 'SUMMONER_HOOK_GITHUB', 'SUMMONER_HOOK_NEXTCLOUD']) expect(svc.environment[v]).toBe(`\${${v}:-}`);
    expect(svc.ports).toEqual(['${SUMMONER_PUBLISH:-127.0.0.1:8080}:8080']);
  });

  it('is hardened: read-only root, no capability, no new privileges, a tmpfs /tmp; not on the apps\' proxy network', () => {
    expect(svc.read_only).toBe(true);
    expect(svc.cap_drop).toEqual(['ALL']);
    expect(svc.security_opt).toEqual(['no-new-privileges:true']);
    expect(svc.tmpfs).toEqual([expect.stringMatching(/^\/tmp(:|$)/)]);
    expect(svc.networks).toBeUndefined();
    expect(doc.networks).toBeUndefined();
  });

  it('mounts SUMMONER_HOME at the same path inside, and the container config keeps every path Summoner hands the engine under it', () => {
    expect(svc.volumes).toContain('${SUMMONER_HOME:?set SUMMONER_HOME in deploy/.env}:${SUMMONER_HOME}');
    const c = configSchema.parse(parseYaml(read(deploy('summoner.example.yml'))));
    const home = '/srv/summoner/';
    for (const p of [c.stateDir, c.dataRoot, c.dbRoot, c.backupRoot, ...c.catalogDirs]) expect(p.startsWith(home), p).toBe(true);
    // and env.example's default is that folder
    expect(read(deploy('env.example'))).toMatch(/^SUMMONER_HOME=\/srv\/summoner$/m);
  });
});

describe('deploy/env.example', () => {
  it('names every variable deploy/compose.yml reads, and the compose project', () => {
    const keys = envKeys(read(deploy('env.example')));
    for (const v of variables(read(deploy('compose.yml')))) expect(keys.has(v), v).toBe(true);
    expect(keys.has('COMPOSE_PROJECT_NAME')).toBe(true);
  });
});

describe('deploy/summoner.example.yml', () => {
  it('loads as shipped with only the chat token set (its webhooks are commented out)', () => {
    const { config } = loadConfig(deploy('summoner.example.yml'), { SUMMONER_MATTERMOST_TOKEN: 'token' });
    expect(config.notify.hooks).toEqual({});
    expect(config.http.listen).toBe('0.0.0.0:8080');
    expect(config.mattermost).toBeDefined();
  });

  it('is summoner.example.yml but for the container\'s paths, its listener and the webhooks', () => {
    const base = configSchema.parse(parseYaml(read(path.resolve(import.meta.dirname, '../summoner.example.yml'))));
    const derived = configSchema.parse(parseYaml(read(deploy('summoner.example.yml'))));
    const differs = Object.keys(base).filter((k) => JSON.stringify((base as any)[k]) !== JSON.stringify((derived as any)[k]));
    expect(differs.sort()).toEqual(['catalogDirs', 'notify', 'stateDir']);
    expect({ ...derived.notify, hooks: base.notify.hooks }).toEqual(base.notify);
  });
});
