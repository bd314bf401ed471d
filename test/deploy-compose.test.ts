// deploy/compose.yml, the production way to run Summoner: valid against the Compose Specification, and it
// sets what the container needs (the same things test/docker-image.test.ts gives the container it runs).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeSchemaIssues } from '../src/core/catalog/compose.js';
import { configSchema } from '../src/config/schema.js';

const file = path.resolve(import.meta.dirname, '../deploy/compose.yml');
const doc = parse(fs.readFileSync(file, 'utf8'));
const svc = doc.services.summoner;

describe('deploy/compose.yml', () => {
  it('is a valid compose file', () => {
    expect(composeSchemaIssues(doc)).toEqual([]);
  });

  it('runs Summoner with the socket through its group, the state volume, and a stop grace above its own deadline', () => {
    expect(svc.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(svc.group_add).toEqual([expect.stringMatching(/^\$\{DOCKER_GID:\?/)]);
    expect(svc.volumes).toContain('summoner-state:/var/lib/summoner');
    expect(svc.volumes).toContain('./summoner.yml:/etc/summoner/summoner.yml:ro');
    expect(Number(/^(\d+)s$/.exec(svc.stop_grace_period)?.[1])).toBeGreaterThanOrEqual(25);
    expect(svc.init).toBe(true);
    expect(Object.keys(svc.environment)).toEqual(['SUMMONER_MATTERMOST_TOKEN', 'SUMMONER_SLASH_TOKEN']);
    expect(svc.environment.SUMMONER_MATTERMOST_TOKEN).toMatch(/^\$\{SUMMONER_MATTERMOST_TOKEN:\?/);
    expect(svc.ports.every((p: string) => p.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('mounts the data roots at the same paths as on the host, and joins the proxy network', () => {
    const binds = (svc.volumes as string[]).map((v) => v.split(':')).filter(([src]) => src!.startsWith('/srv/'));
    expect(binds.length).toBe(3);
    for (const [src, dst] of binds) expect(dst).toBe(src);
    const example = configSchema.parse(parse(fs.readFileSync(path.resolve(import.meta.dirname, '../summoner.example.yml'), 'utf8')));
    expect(binds.map(([src]) => src).sort()).toEqual([example.backupRoot, example.dataRoot, example.dbRoot].sort());
    expect(svc.networks).toEqual(['proxy']);
    expect(doc.networks.proxy.name).toBe(example.engine.proxyNetwork);
  });
});
