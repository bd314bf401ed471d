import { describe, expect, it } from 'vitest';
import { builtinCommands, notifyCommands } from '../commands/index.js';
import { parseCommand, sanitize, type Grammar, type ParsedCommand, type ParseError } from '../src/robot/grammar/parse.js';
import { matchWord } from '../src/robot/grammar/nearmiss.js';
import { tokenize } from '../src/robot/grammar/tokenize.js';
import { builtinTypes } from '../src/robot/resolvers.js';
import { sampleCommands, sampleTypes } from './helpers/robot.js';

const commands = [...builtinCommands, ...notifyCommands, ...sampleCommands([])];
const types = builtinTypes(() => commands);
for (const [k, v] of sampleTypes()) types.set(k, v);
const grammar: Grammar = { commands, types };

const ok = (text: string): ParsedCommand => {
  const r = parseCommand(text, grammar);
  if (!r.ok) throw new Error(`expected "${text}" to parse, got: ${r.message}`);
  return r;
};
const fail = (text: string): ParseError => {
  const r = parseCommand(text, grammar);
  if (r.ok) throw new Error(`expected "${text}" to fail, got ${r.canonical}`);
  return r;
};

describe('verbs and near-misses', () => {
  it('reads exact commands and aliases without guessing', () => {
    expect(ok('status')).toMatchObject({ canonical: 'status', guessed: false, rewritten: false });
    expect(ok('STATE').canonical).toBe('status');
    expect(ok('help status').args.command).toBe('status');
  });

  it('reads typos as the closest command and says it guessed', () => {
    expect(ok('statsu')).toMatchObject({ canonical: 'status', guessed: true });
    expect(ok('sumon wekan')).toMatchObject({ canonical: 'summon wekan', guessed: true });
    expect(ok('hepl')).toMatchObject({ canonical: 'help', guessed: true });
    expect(ok('histroy 5')).toMatchObject({ canonical: 'history 5', guessed: true });
  });

  it('reads inflected verbs through the stemmer', () => {
    expect(ok('summoning ghost')).toMatchObject({ canonical: 'summon ghost', guessed: true });
    expect(ok('dismissed ghost').canonical).toBe('dismiss ghost');
  });

  it('reads plain English: fillers, two-word verbs and synonyms', () => {
    expect(ok('please back up everything')).toMatchObject({ canonical: 'backup all', rewritten: true });
    expect(ok('could you please backup all the apps?').canonical).toBe('backup all');
    expect(ok('hey, summon wekan please').canonical).toBe('summon wekan');
    expect(ok('show me the history').canonical).toBe('history');
  });

  it('never corrects the name of an app: it suggests it', () => {
    const e = fail('backup wekn');
    expect(e.code).toBe('command.invalid_args');
    expect(e.message).toBe('no app called wekn: did you mean wekan?');
    expect(fail('dismiss gost').message).toContain('did you mean ghost?');
  });

  it('answers unknown commands with suggestions or the help pointer', () => {
    const e = fail('frobnicate the thing');
    expect(e.code).toBe('command.unknown');
    expect(e.hint).toContain('help');
    expect(fail('xyzzy').message).toContain("I don't know the command `xyzzy`");
    // a verb inside a sentence is suggested, never run
    expect(fail('bot, could we get a status?').hint).toBe('did you mean `status`? Commands start with their verb');
    expect(fail('folks the backups of wekan').hint).toBe('did you mean `backup of wekan`? Commands start with their verb');
  });

  it('does not let tiny words match anything by typo', () => {
    expect(matchWord('he', new Map([['help', 1]])).kind).toBe('none');
    expect(fail('me2').code).toBe('command.unknown');
  });
});

describe('arguments, flags and quoting', () => {
  it('takes declared flags and refuses others', () => {
    const p = ok('dismiss ghost --purge');
    expect([...p.flags]).toEqual(['purge']);
    expect(p.canonical).toBe('dismiss ghost --purge');
    const e = fail('dismiss ghost --force');
    expect(e.message).toContain('has no option `--force`');
    expect(e.hint).toContain('--purge');
  });

  it('honours quotes and never re-splits a value', () => {
    expect(tokenize('a "b c" \'d:e\' f')).toEqual({
      ok: true,
      tokens: [
        { text: 'a', quoted: false },
        { text: 'b c', quoted: true },
        { text: 'd:e', quoted: true },
        { text: 'f', quoted: false },
      ],
    });
    // the rest of the line keeps its quotes: a quoted value stays one value if the line is parsed again
    expect(ok('note pull registry:5000/app:1.2 at 10:30 "as is"').args.text).toBe('pull registry:5000/app:1.2 at 10:30 "as is"');
    const e = fail('summon wekan registry:5000/app:1.2');
    expect(e.message).toContain('is not a valid name');
    expect(fail('summon "wekan').message).toContain('never closed');
  });

  it('never reads a quoted token as a flag, and renders a flag-looking value quoted so it stays a value', () => {
    const q = fail('dismiss ghost "--purge"');
    expect(q.message).toContain('does not take `--purge`'); // a value, not the flag
    expect(ok('note "--purge"').canonical).toBe('note "--purge"');
    expect(ok(ok('note "--purge"').canonical).args.text).toBe('--purge');
    // a command's own flag may come before its rest argument; after it, words belong to the rest
    expect(ok('note --purge x').args.text).toBe('--purge x');
  });

  it('reports missing and extra arguments with the usage', () => {
    const e = fail('summon');
    expect(e.message).toContain('needs app');
    expect(e.hint).toBe('usage: `summon <app> [version]`');
    expect(fail('whoami now and then').hint).toBe('usage: `whoami`');
  });

  it("takes an argument only after the value it belongs to: schedule's cron and command after `add` alone", () => {
    expect(ok('schedule add nightly "0 3 * * *" backup all').args).toMatchObject({ action: 'add', name: 'nightly', cron: '0 3 * * *', command: 'backup all' });
    expect(ok('schedule pause nightly')).toMatchObject({ canonical: 'schedule pause nightly', args: { cron: undefined, command: undefined } });
    // (the words after a pause's name are extra words, never a cron and a command that the pause would carry)
    for (const line of ['schedule pause nightly pls, its hammering the disk', 'schedule remove nightly "0 3 * * *" backup all']) {
      expect(fail(line).code).toBe('command.invalid_args');
    }
  });

  it('refuses hostile names: shell metacharacters, traversal, huge strings', () => {
    for (const bad of ['wekan;rm', '$(reboot)', '../../etc/passwd', '`id`', 'a|b', 'x'.repeat(10_000)]) {
      const r = parseCommand(`summon ${bad}`, grammar);
      expect(r.ok, bad.slice(0, 20)).toBe(false);
    }
    expect(fail('summon wekan "$(reboot)"').message).toContain('not a valid name');
  });

  it('types ints', () => {
    expect(ok('history 12').args.count).toBe(12);
    expect(fail('history twelve').message).toContain('is not a whole number');
  });
});

describe('bad input', () => {
  it('refuses over-long input without trying to parse it', () => {
    const e = fail('status ' + 'x'.repeat(100_000));
    expect(e.code).toBe('command.too_long');
    expect(e.message).toContain('100007 characters');
  });

  it('drops control and invisible characters', () => {
    expect(sanitize('sta\u0000tus\u202e\u200b')).toBe('status');
    expect(ok('\u0007status\u001b').canonical).toBe('status');
    expect(fail('\u0000\u0001').code).toBe('command.empty');
    expect(fail('   ').code).toBe('command.empty');
  });

  it('answers other scripts and emoji clearly', () => {
    expect(fail('показать статус').code).toBe('command.unknown');
    expect(fail('🚀🚀').message).toContain('🚀🚀');
    expect(fail('状態').code).toBe('command.unknown');
    // echoes are code spans that cannot be broken out of
    expect(fail('`@channel` boom').message).toContain("`'@channel'`");
  });
});
