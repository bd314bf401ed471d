// What a summon in progress has created, written before each creation and removed once the summon either
// succeeded or cleaned up after itself. If the engine (or the bot) dies mid-way, the cleanup cannot run at
// once; the journal is how the bot finishes it later, on its next start or when the engine answers again,
// so no half-deployed minion is left behind.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isSummonerError } from '../errors.js';
import type { JobQueue } from './jobs.js';

export interface DeployJournalEntry {
  app: string;
  containers: string[];
  networks: string[];
  startedAt: string;
  /**
   * Folders this summon created that no unit has yet passed its health gate on: they hold at most an interrupted
   * first start (a database's half-written initialisation, which the next start would refuse), never data.
   */
  fresh?: string[];
}

export class DeployJournal {
  constructor(private readonly dir: string) {}

  private file(app: string): string {
    return path.join(this.dir, `${app}.json`);
  }

  async write(entry: DeployJournalEntry): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file(entry.app)}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(entry), { mode: 0o600 });
    await fs.rename(tmp, this.file(entry.app));
  }

  async clear(app: string): Promise<void> {
    await fs.rm(this.file(app), { force: true });
  }

  async pending(): Promise<DeployJournalEntry[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const out: DeployJournalEntry[] = [];
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      try {
        const e = JSON.parse(await fs.readFile(path.join(this.dir, n), 'utf8')) as DeployJournalEntry;
        if (typeof e.app === 'string' && Array.isArray(e.containers) && Array.isArray(e.networks)) out.push(e);
      } catch {
        /* a torn write: the .tmp never replaced a good file, so this is not ours to act on */
      }
    }
    return out;
  }
}

/** What the recovery needs from a services implementation. */
export interface RecoveryDeps {
  journal: DeployJournal;
  jobs: JobQueue;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** Does the engine answer? (rejects when not) */
  ping(): Promise<unknown>;
  /** Remove what the entry names, then clear it from the journal. */
  cleanup(e: DeployJournalEntry): Promise<void>;
  /** How long to wait for a lost engine before leaving the entry to the next start (default 10 min). */
  waitMs?: number;
}

export interface Recovery {
  /** The engine went away mid-summon: clean up as soon as it answers again (one waiter per app). */
  whenEngineReturns(e: DeployJournalEntry): void;
  /** Clean up every journaled summon not running now; returns the apps cleaned. */
  recover(): Promise<string[]>;
}

export function createRecovery(d: RecoveryDeps): Recovery {
  const waiting = new Set<string>();
  const clean = (e: DeployJournalEntry) => d.jobs.run(e.app, `cleanup of ${e.app}`, () => d.cleanup(e));
  return {
    whenEngineReturns(e) {
      if (waiting.has(e.app)) return;
      waiting.add(e.app);
      const until = Date.now() + (d.waitMs ?? 10 * 60_000);
      const attempt = async (): Promise<void> => {
        try {
          await d.ping();
          await clean(e);
          waiting.delete(e.app);
        } catch {
          if (Date.now() > until) {
            waiting.delete(e.app);
            d.log.warn({ app: e.app }, 'engine still gone: the interrupted summon is cleaned at the next start');
            return;
          }
          setTimeout(() => void attempt(), 1000).unref();
        }
      };
      setTimeout(() => void attempt(), 1000).unref();
    },
    async recover() {
      const done: string[] = [];
      for (const e of await d.journal.pending()) {
        if (d.jobs.current(e.app)) continue; // a summon of it runs now: its own cleanup owns the entry
        try {
          await clean(e);
          done.push(e.app);
        } catch (err) {
          d.log.warn({ app: e.app, code: isSummonerError(err) ? err.code : 'internal' }, 'could not clean an interrupted summon yet');
        }
      }
      return done;
    },
  };
}
