// What a summon in progress has created, written before each creation and removed once the summon either
// succeeded or cleaned up after itself. If the engine (or the bot) dies mid-way, the cleanup cannot run at
// once; the journal is how the bot finishes it later, on its next start or when the engine answers again,
// so no half-deployed minion is left behind.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface DeployJournalEntry {
  app: string;
  containers: string[];
  networks: string[];
  startedAt: string;
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
