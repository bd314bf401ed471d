import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { tmpDir } from './helpers/robot.js';

const write = (text: string): string => {
  const f = path.join(tmpDir('summoner-config-'), 'summoner.yml');
  fs.writeFileSync(f, text);
  return f;
};
const errorOf = (text: string, env: NodeJS.ProcessEnv = {}): string => {
  try {
    loadConfig(write(text), env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.replace(/^.*summoner\.yml: /, '');
  }
  throw new Error('expected a config error');
};

// the example's hooks name their secrets' variables
const hookEnv = { SUMMONER_HOOK_GITLAB: 'gl', SUMMONER_HOOK_GITHUB: 'gh', SUMMONER_HOOK_NEXTCLOUD: 'nc' };

describe('config', () => {
  it('accepts the shipped example, with the token from the environment', () => {
    const { config, secrets } = loadConfig('summoner.example.yml', { SUMMONER_MATTERMOST_TOKEN: 'tok', ...hookEnv });
    expect(config.notify.recipes.map((r) => r.name)).toEqual(['pipeline-failed-main', 'tag-updates-app', 'github-runs', 'shared-files', 'backups-failing']);
    expect(secrets.hooks).toEqual({ gitlab: 'gl', github: 'gh', nextcloud: 'nc' });
    expect(config.schedules.map((j) => j.name)).toEqual(['nightly-backup', 'morning-report']);
    expect(config.domain).toBe('example.org');
    expect(config.mattermost?.channels).toEqual(['ops', 'dev']);
    expect(config.roles.operator).toHaveLength(1);
    expect(secrets.mattermostToken).toBe('tok');
    expect(config.proxy).toMatchObject({ mode: 'managed', httpPort: 80, httpsPort: 443 });
    expect(config.certificates).toMatchObject({ email: 'ops@example.org', alarmDays: 7 });
  });

  it('defaults: a managed proxy on 80/443, Let\'s Encrypt with its staging directory, renewal at 2/3', () => {
    const cwd = process.cwd();
    process.chdir(tmpDir());
    try {
      const { config } = loadConfig(undefined, {});
      expect(config.proxy).toEqual({ mode: 'managed', image: 'nginx:1.27', bind: '0.0.0.0', httpPort: 80, httpsPort: 443, resolver: '127.0.0.11', publicScheme: 'auto' });
      expect(config.certificates.directoryUrl).toBe('https://acme-v02.api.letsencrypt.org/directory');
      expect(config.certificates.stagingUrl).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
      expect(config.certificates.renewAt).toBeCloseTo(2 / 3);
    } finally {
      process.chdir(cwd);
    }
  });

  it('runs on defaults when there is no file', () => {
    const cwd = process.cwd();
    process.chdir(tmpDir());
    try {
      const { config, file } = loadConfig(undefined, {});
      expect(file).toBeUndefined();
      expect(config.mattermost).toBeUndefined();
      expect(config.shellIsAdmin).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('names the exact key and the reason, in one line', () => {
    const cases: [string, string][] = [
      ['domain: "not a domain"', 'domain: must be a DNS name such as example.org'],
      ['domain: example.org\nadmins: alice', 'admins: Expected array, received string'],
      ['mattermost:\n  url: chat.example.org\n  team: t', 'mattermost.url: must be a URL such as https://chat.example.org'],
      ['mattermost:\n  url: https://chat.example.org', 'mattermost.team is required'],
      ['http:\n  listen: "8080"', 'http.listen: must look like host:port, e.g. 127.0.0.1:8080'],
      ['confirmTimeoutS: 1', 'confirmTimeoutS: Number must be greater than or equal to 5'],
      ['mattermost:\n  url: https://x.org\n  team: t\n  chanels: [a]', 'unknown key mattermost.chanels (check its spelling; see summoner.example.yml)'],
      ['admin: [x]', 'unknown key admin (check its spelling; see summoner.example.yml)'],
      ['roles:\n  "Bad Role": [x]', 'roles.Bad Role: a role name is a lower-case word'],
      ['domain: [unclosed', 'not valid YAML (line 1, column 18): unexpected end of the stream within a flow collection'],
      ['- a\n- b', 'the top level must be a mapping of keys'],
      ['proxy:\n  mode: traefik', 'proxy.mode: Invalid enum value'],
      ['language: de', 'language: Invalid enum value'],
      ['proxy:\n  httpPort: 0', 'proxy.httpPort: Number must be greater than or equal to 1'],
      ['proxy:\n  bind: localhost', 'proxy.bind: Invalid ip'],
      ['certificates:\n  renewAt: 1.5', 'certificates.renewAt: Number must be less than 1'],
      ['certificates:\n  directoryUrl: letsencrypt', 'certificates.directoryUrl: Invalid url'],
      ['certificates:\n  limits:\n    ordersPerHour: 3', 'unknown key certificates.limits.ordersPerHour'],
    ];
    for (const [text, expected] of cases) {
      const msg = errorOf(text);
      expect(msg, text).toContain(expected);
      expect(msg).not.toContain('\n');
    }
  });

  it('says every problem of the file in one pass, unknown keys first', () => {
    const msg = errorOf('mattermost:\n  url: chat\n  teem: t\nproxy:\n  httpPort: 0\nlanguage: de');
    expect(msg).toMatch(/^4 problems: unknown key mattermost\.teem/);
    for (const part of ['mattermost.url: must be a URL', 'proxy.httpPort: Number must be greater than or equal to 1', 'language: Invalid enum value']) {
      expect(msg).toContain(part);
    }
    // the missing mattermost.team is the misspelt teem: said once
    expect(msg).not.toContain('mattermost.team is required');
    expect(msg).not.toContain('\n');
    // one problem reads as before
    expect(errorOf('language: de')).toMatch(/^language: Invalid enum value/);
  });

  it("engine.socket: the socket's path (DOCKER_HOST's unix:// form read as it) or tcp://host:port; anything else refused with what to write", () => {
    expect(loadConfig(write('engine:\n  socket: unix:///run/docker.sock'), {}).config.engine.socket).toBe('/run/docker.sock');
    expect(loadConfig(write('engine:\n  socket: /var/run/docker.sock'), {}).config.engine.socket).toBe('/var/run/docker.sock');
    expect(loadConfig(write('engine:\n  socket: tcp://10.0.0.2:2375'), {}).config.engine.socket).toBe('tcp://10.0.0.2:2375');
    expect(loadConfig(write('{}'), {}).config.engine.socket).toBe('/var/run/docker.sock');
    for (const [other, scheme] of [['https://manager:2376', 'https'], ['ssh://admin@manager', 'ssh'], ['http://10.0.0.2:2375', 'http']]) {
      expect(errorOf(`engine:\n  socket: ${other}`)).toBe(
        `engine.socket: ${scheme}:// is not an engine Summoner can reach: give the Unix socket's path (e.g. /var/run/docker.sock, the usual way: Summoner runs on the engine's host) or tcp://host:port on a private network`,
      );
    }
    expect(errorOf('engine:\n  socket: docker.sock')).toBe('engine.socket: must be the absolute path of the Unix socket, e.g. /var/run/docker.sock');
  });

  it('refuses a Mattermost section without its token in the environment', () => {
    expect(errorOf('mattermost:\n  url: https://chat.example.org\n  team: t')).toBe(
      'mattermost is configured but SUMMONER_MATTERMOST_TOKEN is not set in the environment',
    );
  });

  it('backup: defaults, the example, and exact errors', () => {
    const { config } = loadConfig('summoner.example.yml', { SUMMONER_MATTERMOST_TOKEN: 'tok', ...hookEnv });
    expect(config.backup).toMatchObject({ compression: 'auto', parallel: 2, deadlineMinutes: 120, retention: { keepLast: 7, daily: 7, weekly: 4, monthly: 6, maxPruneShare: 0.5 } });
    expect(config.backup.sftp).toBeUndefined();
    const sftp = loadConfig(write('backup:\n  sftp:\n    host: b.example.org\n    user: s\n    keyFile: /k\n    hostKey: SHA256:abc+/d'), {}).config.backup.sftp;
    expect(sftp).toMatchObject({ port: 22, path: 'summoner-backups', timeoutMs: 20000 });
    expect(errorOf('backup:\n  compresion: zstd')).toContain('unknown key backup.compresion');
    expect(errorOf('backup:\n  compression: xz')).toContain('backup.compression');
    expect(errorOf('backup:\n  retention:\n    keepLast: 0')).toContain('backup.retention.keepLast');
    expect(errorOf('backup:\n  sftp:\n    host: h\n    user: u\n    keyFile: /k\n    hostKey: ssh-ed25519 AAAA')).toContain('backup.sftp.hostKey: must look like SHA256:');
  });

  it('swarm.nodes: engine endpoints by node hostname, checked; https needs swarm.tls', () => {
    expect(loadConfig(undefined, {}).config.swarm).toEqual({ nodes: {} });
    const ok = loadConfig(write('swarm:\n  nodes:\n    worker1: tcp://10.199.0.3:2375\n    node-2.example.org: https://10.0.0.12:2376\n  tls: { ca: /c, cert: /t, key: /k }'), {}).config.swarm;
    expect(ok.nodes).toEqual({ worker1: 'tcp://10.199.0.3:2375', 'node-2.example.org': 'https://10.0.0.12:2376' });
    expect(errorOf('swarm:\n  nodes:\n    worker1: http://10.0.0.3:2375')).toContain('swarm.nodes.worker1: an engine endpoint is tcp://host:port or https://host:port');
    expect(errorOf('swarm:\n  nodes:\n    worker1: https://10.0.0.3:2376')).toContain('swarm.nodes.worker1: an https:// endpoint needs swarm.tls');
    expect(errorOf('swarm:\n  node:\n    worker1: tcp://10.0.0.3:2375')).toContain('unknown key swarm.node');
  });

  it('says so when an explicitly named file is missing', () => {
    expect(() => loadConfig('/nonexistent/summoner.yml', {})).toThrow('/nonexistent/summoner.yml: no such file');
  });
});
