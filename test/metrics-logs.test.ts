// /metrics and the structured logs, through the composition root with a recording chat: real commands through
// the robot, then the registry's text and the log lines are read back.
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { RecordingChat } from './helpers/recording-chat.js';
import { tmpDir } from './helpers/robot.js';

function capture() {
  const lines: Record<string, any>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(l);
        lines.push(JSON.parse(l));
      }
      cb();
    },
  });
  return { stream, lines, raw };
}

/** The value of one sample in Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-z_:]+)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v) && Object.keys(have).length === Object.keys(labels).length) return Number(m[4]);
  }
  return undefined;
}

describe('metrics', () => {
  it('counts commands by name and outcome, with their latency, after real commands', async () => {
    const out = capture();
    const log = createLogger('info', 1, { destination: out.stream });
    const chat = new RecordingChat();
    const config = configSchema.parse({ stateDir: tmpDir('summoner-metrics-'), admins: ['u-admin'] });
    const app = await createApp({ config, secrets: {}, log, chat });
    await app.start();
    await chat.say('ping');
    await chat.say('ping');
    await chat.say('whoami');
    await chat.say('frobnicate everything');
    await chat.say('history 3', { userId: 'u-bob', userName: 'bob' });
    const { body, contentType } = await app.metrics.render();
    await app.stop('test');
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(body, 'summoner_commands_total', { command: 'ping', outcome: 'ok' })).toBe(2);
    expect(sample(body, 'summoner_commands_total', { command: 'whoami', outcome: 'ok' })).toBe(1);
    expect(sample(body, 'summoner_commands_total', { command: '(none)', outcome: 'unknown' })).toBe(1);
    expect(sample(body, 'summoner_commands_total', { command: 'history', outcome: 'denied' })).toBe(1); // history needs the observer role
    expect(sample(body, 'summoner_command_duration_seconds_count', { command: 'ping' })).toBe(2);
    expect(sample(body, 'summoner_command_duration_seconds_bucket', { command: 'ping', le: '+Inf' })).toBe(2);
    expect(sample(body, 'summoner_state_schema_version')).toBe(app.store.schema.version);
    expect(body).toMatch(/summoner_build_info\{version="\d+\.\d+\.\d+[^"]*"\} 1/);
    expect(sample(body, 'summoner_process_resident_memory_bytes')).toBeGreaterThan(1e6);
  });

  it('holds the hooks later modules call: outbox, jobs, backups, certificates', async () => {
    let t = Date.parse('2026-11-29T12:00:00Z');
    const m = createMetrics({ defaultMetrics: false, now: () => t });
    let depth = 3;
    m.outboxDepthFrom(() => depth);
    m.jobFinished('backup', 'ok', 12_000);
    m.jobFinished('backup', 'error', 500);
    m.jobFinished('schedule', 'ok');
    m.backupFinished('wekan', { sizeBytes: 123_456, at: new Date(t - 3_600_000) });
    m.certificateExpires('wekan.example.org', new Date('2027-02-01T00:00:00Z'));
    m.certificateExpires('old.example.org', new Date('2027-01-01T00:00:00Z'));
    m.certificateRemoved('old.example.org');
    t += 60_000;
    depth = 1;
    const { body } = await m.render();
    expect(sample(body, 'summoner_outbox_depth')).toBe(1);
    expect(sample(body, 'summoner_jobs_total', { kind: 'backup', outcome: 'ok' })).toBe(1);
    expect(sample(body, 'summoner_jobs_total', { kind: 'backup', outcome: 'error' })).toBe(1);
    expect(sample(body, 'summoner_job_duration_seconds_sum', { kind: 'backup' })).toBe(12.5);
    expect(sample(body, 'summoner_backup_size_bytes', { app: 'wekan' })).toBe(123_456);
    expect(sample(body, 'summoner_backup_age_seconds', { app: 'wekan' })).toBe(3660);
    expect(sample(body, 'summoner_certificate_expiry_timestamp_seconds', { domain: 'wekan.example.org' })).toBe(Date.parse('2027-02-01T00:00:00Z') / 1000);
    expect(body).not.toContain('old.example.org');
  });
});

describe('metrics loaded on first need', () => {
  it('replays in order what was observed before prom-client was loaded, dated when it happened', async () => {
    let t = Date.parse('2026-11-29T12:00:00Z');
    // deferUpTo 4: the fourth observation loads the registry; the later ones go straight to it
    const m = createMetrics({ defaultMetrics: false, now: () => t, deferUpTo: 4 });
    m.backupFinished('wekan', { sizeBytes: 10 }); // no `at`: the time of this call, not of the replay
    m.setInfo({ version: '1.2.3', schemaVersion: 7 });
    m.setInfo({ version: '1.2.4', schemaVersion: 8 }); // the later one wins, as it would have live
    m.commandFinished('ping', 'ok', 5);
    m.commandFinished('ping', 'ok', 7);
    m.commandFinished('ping', 'error');
    t += 120_000;
    const { body } = await m.render();
    expect(sample(body, 'summoner_backup_age_seconds', { app: 'wekan' })).toBe(120);
    expect(sample(body, 'summoner_backup_size_bytes', { app: 'wekan' })).toBe(10);
    expect(sample(body, 'summoner_state_schema_version')).toBe(8);
    expect(body).toMatch(/summoner_build_info\{version="1\.2\.4"\} 1/);
    expect(body).not.toContain('1.2.3');
    expect(sample(body, 'summoner_commands_total', { command: 'ping', outcome: 'ok' })).toBe(2);
    expect(sample(body, 'summoner_commands_total', { command: 'ping', outcome: 'error' })).toBe(1);
    expect(sample(body, 'summoner_command_duration_seconds_sum', { command: 'ping' })).toBe(0.012);
  });
});

describe('structured logs', () => {
  it('one JSON line per command with its audit id', async () => {
    const out = capture();
    const log = createLogger('info', 1, { destination: out.stream });
    const chat = new RecordingChat();
    const config = configSchema.parse({ stateDir: tmpDir('summoner-logs-'), admins: ['u-admin'] });
    const app = await createApp({ config, secrets: {}, log, chat });
    await app.start();
    await chat.say('ping');
    await chat.say('nonsense here');
    const ids = app.store.history(2).map((h) => h.id).reverse();
    await app.stop('test');
    // the logger writes asynchronously: the last line of the stop is the marker that every earlier one landed
    await vi.waitFor(() => expect(out.lines.some((l) => l.msg === 'summoner stopped')).toBe(true), { timeout: 5_000, interval: 10 });
    const finished = out.lines.filter((l) => l.msg === 'command finished');
    expect(finished.map((l) => [l.auditId, l.command, l.outcome])).toEqual([
      [ids[0], 'ping', 'ok'],
      [ids[1], undefined, 'unknown'],
    ]);
    const received = out.lines.filter((l) => l.msg === 'command received');
    expect(received.map((l) => l.auditId)).toEqual(ids);
    expect(received[0]).not.toHaveProperty('text'); // what users typed stays in the audit table
    for (const l of out.lines) expect(l).toMatchObject({ service: 'summoner', level: expect.any(String), time: expect.any(String) });
  });

  it('redacts secrets by key and by value, messages and errors included', async () => {
    const out = capture();
    const token = 'xoxo-super-secret-token-1234';
    const log = createLogger('info', 1, { destination: out.stream, secretValues: () => [token] });
    log.info({ token: 'abc', config: { mattermostToken: 'def' }, req: { headers: { authorization: 'Bearer ghi' } }, container: { Env: ['DB_PASSWORD=jkl'] } }, 'keys');
    log.info({ url: `https://chat/?t=${token}`, nested: { deep: [`Bearer ${token}`] } }, `value in message ${token}`);
    log.error({ err: new Error(`request failed with ${token}`) }, 'failed');
    await vi.waitFor(() => expect(out.lines).toHaveLength(3), { timeout: 5_000, interval: 10 });
    const all = out.raw.join('\n');
    for (const s of ['abc', 'def', 'Bearer ghi', 'jkl', token]) expect(all).not.toContain(s);
    expect(out.lines[0]).toMatchObject({ token: '[redacted]', config: { mattermostToken: '[redacted]' }, req: { headers: { authorization: '[redacted]' } }, container: { Env: '[redacted]' } });
    expect(out.lines[1]).toMatchObject({ url: 'https://chat/?t=[redacted]', nested: { deep: ['Bearer [redacted]'] }, msg: 'value in message [redacted]' });
    expect(out.lines[2]!.err.message).toBe('request failed with [redacted]');
  });
});
