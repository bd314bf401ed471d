// The `cert.expiring` alarm, posted at most once a day per name; the last time per name is kept in
// `<dir>/alarms.json` so that a restart does not post it again.
import path from 'node:path';
import { readJson, writeJson } from './ledger.js';

const DAY = 86_400_000;

export class ExpiryAlarms {
  private readonly file: string;
  private readonly alarmed: Record<string, number>;

  constructor(dir: string) {
    this.file = path.join(dir, 'alarms.json');
    this.alarmed = readJson<Record<string, number>>(this.file, {});
  }

  /** True (and recorded) when no alarm for the name was raised in the last day. */
  take(name: string, now: number): boolean {
    const last = this.alarmed[name];
    if (last !== undefined && now - last < DAY) return false;
    this.alarmed[name] = now;
    writeJson(this.file, this.alarmed);
    return true;
  }
}
