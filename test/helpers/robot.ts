// Builds a real Robot on a real SQLite store in a temporary folder, with a recording chat.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { builtinCommands } from '../../commands/index.js';
import { absentService, type Services } from '../../commands/services.js';
import realBackup from '../../commands/backup.js';
import realDismiss from '../../commands/dismiss.js';
import realSummon from '../../commands/summon.js';
import { defineCommand, type AnyCommand } from '../../src/robot/command.js';
import { SummonerError } from '../../src/errors.js';
import type { TypeResolver } from '../../src/robot/grammar/parse.js';
import { appArgTypes } from '../../src/robot/resolvers.js';
import { Robot, type RobotOptions } from '../../src/robot/robot.js';
import { openStore, type Store } from '../../src/robot/store.js';
import { MIGRATIONS } from '../../src/schema.js';
import { RecordingChat } from './recording-chat.js';

export function tmpDir(prefix = 'summoner-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Stand-ins for the verbs later issues bring, to exercise the grammar: they record what they were asked. */
export function sampleCommands(calls: string[]): AnyCommand[] {
  return [
    defineCommand({
      name: 'summon',
      summary: 'deploy an app',
      description: 'test summon',
      examples: ['summon wekan'],
      phrases: realSummon.phrases,
      args: [{ name: 'app', type: 'minion', required: true }, { name: 'version', type: 'word' }] as const,
      sideEffects: true,
      permission: 'role:operator',
      async run(_ctx, a) {
        calls.push(`summon ${a.app}${a.version ? ` ${a.version}` : ''}`);
        return `summoned ${a.app}`;
      },
    }),
    defineCommand({
      name: 'backup',
      summary: 'back up an app or all',
      description: 'test backup',
      examples: ['backup all'],
      phrases: realBackup.phrases,
      args: [{ name: 'target', type: 'minion-or-all', required: true }] as const,
      sideEffects: true,
      permission: 'role:operator',
      async run(_ctx, a) {
        calls.push(`backup ${a.target}`);
        return `backed up ${a.target}`;
      },
    }),
    defineCommand({
      name: 'dismiss',
      summary: 'remove an app',
      description: 'test dismiss',
      examples: ['dismiss ghost'],
      phrases: realDismiss.phrases,
      args: [{ name: 'app', type: 'minion', required: true }] as const,
      flags: [{ name: 'purge', help: 'also delete data' }],
      sideEffects: true,
      destructive: true,
      preview: (a, f) => `removes ${a.app}${f.has('purge') ? ' and its data' : ''}`,
      async run(ctx, a) {
        calls.push(`dismiss ${a.app}${ctx.flags.has('purge') ? ' --purge' : ''}`);
        return `dismissed ${a.app}`;
      },
    }),
    defineCommand({
      name: 'explode',
      summary: 'fail on purpose',
      description: 'test failure paths',
      examples: ['explode'],
      args: [{ name: 'how', type: 'word' }] as const,
      sideEffects: false,
      async run(_ctx, a) {
        if (a.how === 'coded') throw new SummonerError('engine.unreachable', 'the Docker engine does not answer', { hint: 'is dockerd running?' });
        throw new Error('secret internal detail at /srv/x.js:42');
      },
    }),
    defineCommand({
      name: 'note',
      summary: 'repeat a note',
      description: 'test rest-of-line string arguments',
      examples: ['note hello'],
      args: [{ name: 'text', type: 'string', required: true, rest: true }] as const,
      sideEffects: false,
      async run(_ctx, a) {
        return `noted: ${a.text}`;
      },
    }),
    defineCommand({
      name: 'work',
      summary: 'long work with progress',
      description: 'test progress',
      examples: ['work'],
      args: [] as const,
      sideEffects: false,
      async run(ctx) {
        const p = await ctx.progress('starting');
        for (let i = 1; i <= 20; i++) p.update(`step ${i}/20`);
        await new Promise((r) => setTimeout(r, 30)); // time is the point: the work outlasts the progress throttle
        await p.done('all 20 steps done');
      },
    }),
  ];
}

export const CATALOG = ['wekan', 'ghost', 'nextcloud', 'wordpress', 'gitlab'];

export function sampleTypes(): Map<string, TypeResolver> {
  return new Map(appArgTypes(() => CATALOG));
}

export interface TestBot {
  robot: Robot;
  chat: RecordingChat;
  store: Store;
  calls: string[];
  dir: string;
}

export async function testBot(o: Partial<Omit<RobotOptions, 'services'>> & { dir?: string; services?: Services } = {}): Promise<TestBot> {
  const dir = o.dir ?? tmpDir();
  const store = o.store ?? openTestStore(dir);
  const calls: string[] = [];
  const robot = new Robot({
    commands: [...builtinCommands, ...sampleCommands(calls)],
    types: sampleTypes(),
    store,
    access: { admins: ['u-admin'], roles: { operator: ['u-op'] }, shellIsAdmin: true },
    confirmTimeoutMs: 5_000,
    services: {},
    absent: absentService(o.services ?? {}),
    log: pino({ level: 'silent' }),
    version: '0.0.0-test',
    progressIntervalMs: 5,
    ...o,
  });
  const chat = new RecordingChat();
  robot.attach(chat);
  await chat.start(robot);
  return { robot, chat, store, calls, dir };
}

/** The robot's store on `dir` with the whole schema (every module's tables), as the composition root opens it. */
export function openTestStore(dir: string, o: { version?: string } = {}): Store {
  return openStore(dir, Date.now, { migrations: MIGRATIONS, ...o });
}
