// `verify`: restore a dump into a throw-away database container (same image as the app's database, a
// unique name, no network, no published port, removed afterwards whatever happens) and compare its tables
// and row counts with those the manifest recorded at dump time.
import { randomBytes } from 'node:crypto';
import { SummonerError } from '../../errors.js';
import { removeContainer, startScratchContainer, startTwinContainer, inspectContainer, type Engine } from '../engine/index.js';
import { generatePassword } from '../secrets.js';
import { fingerprintDatabase } from './dump.js';
import { compareFingerprints, type Fingerprint } from './fingerprint.js';
import { dumperFor, type DbTarget } from './dumpers.js';
import type { BackupEntry, Manifest } from './manifest.js';
import { LOAD_WORKERS } from './parallel-load.js';
import { checkChecksum, loadDump } from './restore.js';
import { runTool } from './dump.js';
import { isMysqlFamily } from '../types.js';
import { ownerOf, stageDump, STAGED_DIR_IN_CONTAINER, type StagedDump } from './staged-load.js';

export const VERIFY_LABEL = 'summoner.verify';

export interface VerifyResult {
  ok: boolean;
  file: string;
  /** Why it failed, or what was checked. */
  detail: string;
  tables: number;
  rows: number;
  ms: number;
}

/** Compare recorded and restored counts; returns the differences in words (empty: equal). */
export function compareCounts(recorded: Record<string, number>, restored: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [t, n] of Object.entries(recorded)) {
    if (!(t in restored)) out.push(`table ${t} is missing`);
    else if (restored[t] !== n) out.push(`table ${t} has ${restored[t]} rows, the dump had ${n}`);
  }
  for (const t of Object.keys(restored)) if (!(t in recorded)) out.push(`table ${t} was not in the dump`);
  return out;
}

/** What a manifest recorded, as a fingerprint (counts only for dumps made before checksums). */
export function recordedFingerprint(m: Manifest): Fingerprint {
  return Object.fromEntries(Object.entries(m.tables ?? {}).map(([k, n]) => [k, { rows: n, sum: m.checksums?.[k] ?? '' }]));
}

/** The tables a manifest fingerprinted by their rows' binary values (`r:` sums, pgFingerprintSql): the restored database is taken the same way. */
export const recordHashed = (m: Manifest): ReadonlySet<string> => new Set(Object.entries(m.checksums ?? {}).flatMap(([k, v]) => (v.startsWith('r:') ? [k] : [])));

/** Compare what a restored database holds with what its dump recorded; the differences in words. */
export function compareWithManifest(m: Manifest, found: Fingerprint): string[] {
  if (!m.checksums) return compareCounts(m.tables ?? {}, Object.fromEntries(Object.entries(found).map(([k, v]) => [k, v.rows])));
  return compareFingerprints(recordedFingerprint(m), found);
}

export const summarise = (diffs: string[]) => diffs.slice(0, 5).join('; ') + (diffs.length > 5 ? ` (+${diffs.length - 5} more)` : '');

export async function verifyBackup(
  engine: Engine,
  o: {
    image: string;
    target: Omit<DbTarget, 'container' | 'password'>;
    backup: BackupEntry;
    labels: Record<string, string>;
    step?: (t: string) => void;
    readyTimeoutS?: number;
    /** Run the throw-away server as a twin of this live container (its flags), on these empty folders. */
    twin?: { live: string; binds: Map<string, string> };
  },
): Promise<VerifyResult> {
  const t0 = Date.now();
  const b = o.backup;
  const fail = (detail: string): VerifyResult => ({ ok: false, file: b.manifest.file, detail, tables: 0, rows: 0, ms: Date.now() - t0 });
  try {
    await checkChecksum(b);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (b.manifest.kind !== 'dump' || !b.manifest.type) return fail(`${b.manifest.file} is a cold copy: verify restores database dumps`);
  const d = dumperFor(b.manifest.type);
  const name = `summoner-verify-${o.target.app}-${randomBytes(4).toString('hex')}`;
  const t: DbTarget = { ...o.target, type: b.manifest.type, container: name, password: generatePassword(24) };
  o.step?.(`starting a throw-away ${b.manifest.type} (${name})`);
  let staged: StagedDump | undefined;
  try {
    const rootPassword = generatePassword(24);
    // PostgreSQL beside a live server: the dump decompressed beside its fresh folders while the server starts, and
    // read there, as a restore does (staged-load.ts)
    const [live, fresh] = o.twin ? ([...o.twin.binds][0] ?? []) : [];
    if (live && fresh) staged = await stageDump(b, `${fresh}-load`, await ownerOf(live));
    if (o.twin) {
      await startTwinContainer(engine, {
        live: o.twin.live,
        name,
        binds: o.twin.binds,
        labels: { ...o.labels, [VERIFY_LABEL]: 'true' },
        env: d.serverEnv(t, rootPassword),
        ...(staged ? { readOnly: new Map([[staged.dir, STAGED_DIR_IN_CONTAINER]]) } : {}),
      });
    } else await startScratchContainer(engine, { name, image: o.image, env: d.serverEnv(t, rootPassword), labels: { ...o.labels, [VERIFY_LABEL]: 'true' } });
    await waitReady(engine, t, o.readyTimeoutS ?? 120);
    o.step?.(`restoring ${b.manifest.file} into it${staged ? ', from a copy decompressed beside it' : ''}`);
    try {
      await staged?.ready;
      // MariaDB/MySQL: as root (its password is ours here), so objects of any DEFINER load, as in a restore
      await loadDump(engine, isMysqlFamily(b.manifest.type) ? { ...t, user: 'root', password: rootPassword } : t, b, [], LOAD_WORKERS, staged?.inContainer);
    } catch (err) {
      return fail((err as Error).message);
    } finally {
      await staged?.drop().catch(() => undefined);
      staged = undefined;
    }
    o.step?.(b.manifest.checksums ? 'comparing tables, row counts and checksums' : 'comparing tables and row counts');
    const restored = await fingerprintDatabase(engine, name, d, t, recordHashed(b.manifest));
    const diffs = compareWithManifest(b.manifest, restored);
    const rows = Object.values(restored).reduce((a, f) => a + f.rows, 0);
    const n = Object.keys(restored).length;
    const lossy = b.manifest.lossy?.length ? `; ${b.manifest.lossy.length} FLOAT column(s) not kept exactly by a logical dump: ${b.manifest.lossy.slice(0, 3).join(', ')}` : '';
    if (diffs.length) return { ...fail(summarise(diffs) + lossy), tables: n, rows };
    return { ok: true, file: b.manifest.file, detail: `${n} tables, ${rows} rows${b.manifest.checksums ? ' and their checksums' : ''} as recorded${lossy}`, tables: n, rows, ms: Date.now() - t0 };
  } finally {
    await staged?.drop().catch(() => undefined);
    await removeContainer(engine, name).catch(() => undefined);
  }
}

export async function waitReady(engine: Engine, t: DbTarget, timeoutS: number): Promise<void> {
  const d = dumperFor(t.type);
  const end = Date.now() + timeoutS * 1000;
  let last = '';
  // short steps: a server starting takes a second or two (initdb, the entrypoint's temporary server), and each
  // step over-waited is time the restore waits for nothing; longer ones after a few seconds (a loaded machine)
  for (let wait = 100, t0 = Date.now(); ; wait = Date.now() - t0 < 3000 ? 100 : Math.min(500, wait * 1.5)) {
    const info = await inspectContainer(engine, t.container);
    if (!info || info.state === 'exited' || info.state === 'dead') throw new SummonerError('backup.verify_failed', `the throw-away database ${t.container} stopped while starting`);
    try {
      await runTool(engine, t.container, d.ready(t), 'probing');
      return;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > end) throw new SummonerError('backup.verify_failed', `the throw-away database did not accept connections within ${timeoutS} s (${last})`);
    await new Promise((r) => setTimeout(r, wait));
  }
}
