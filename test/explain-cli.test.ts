// `summoner --explain "<text>"` through the real entry point (no engine, no chat: one JSON line), and the
// interactive shell's log lines made for people.
import { describe, expect, it } from 'vitest';
import { createLogger, humanLine } from '../src/log.js';
import { runMain } from './helpers/main-process.js';

describe('--explain', () => {
  it('prints one JSON line with the command, its arguments, the canonical form and whether it confirms', async () => {
    const r = await runMain(['--explain', 'show me the logs of ghost']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.out)).toEqual({ command: 'logs', args: { app: 'ghost' }, canonical: 'logs ghost', confirm: false, ask: null, lang: 'en' });
  });

  it('says a destructive reading would be confirmed, reads French and dates in words (language from LANG)', async () => {
    const r = await runMain(['--explain', "restaure la sauvegarde d'hier de nextcloud"], { env: { LANG: 'fr_FR.UTF-8' } });
    const e = JSON.parse(r.out);
    expect(e).toMatchObject({ command: 'restore', confirm: true, lang: 'fr', ask: null });
    expect(e.canonical).toMatch(/^restore nextcloud \d{4}-\d{2}-\d{2}$/);
  });

  it('prints the question it would ask instead of a command', async () => {
    const e = JSON.parse((await runMain(['--explain', 'restore'])).out);
    expect(e.command).toBeNull();
    expect(e.ask).toContain('which app?');
  });
});

describe('the shell log format', () => {
  it('turns a JSON log line into one short human line, secrets still masked', () => {
    const lines: string[] = [];
    const log = createLogger('warn', 2, { human: true, destination: { write: (l: string) => void lines.push(l) } as never, secretValues: () => ['s3cr3t-value'] });
    log.warn({ app: 'ghost', password: 'x', note: 'uses s3cr3t-value' }, 'summon failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d warning summon failed \(app=ghost, password=\[redacted\], note=uses \S+\)\n$/);
    expect(lines[0]).not.toContain('s3cr3t-value');
    expect(lines[0]).not.toContain('{');
    expect(humanLine('not json')).toBe('not json\n');
  });
});
