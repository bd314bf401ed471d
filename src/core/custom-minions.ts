// Minions added and removed from chat (`minion add|show|remove`): a compose file read from a URL or a host path
// is checked the way the catalog loads it, shown (notes, services) in the proposal, and after the confirmation
// written, exactly as it was shown, into the first `catalogDirs` folder as `<name>/compose.yml`. From a host
// path, the files beside it that the catalog reads (its .env, env files, config files it mounts, secrets,
// included compose files) come along: the catalog reads them through the same folder view as in the catalog,
// so only what the file uses is copied, never through `..` or a symlink out. Removing moves the folder aside
// (`.<name>.removed-<time>`, which the catalog skips): nothing is deleted.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SummonerError } from '../errors.js';
import { folderAccess, MAX_FILE_BYTES, minionFromDoc, minionNameProblem, parseCatalogText } from './catalog/index.js';
import type { LiveCatalog } from './catalog/live.js';
import type { Minion } from './types.js';

export interface CustomMinionsOptions {
  /** `catalogDirs`: minions are written into the first one. */
  catalogDirs: readonly string[];
  /** Host folders a compose file may be read from (`minion add <name> /path/compose.yml`); none: refused. */
  pathRoots: readonly string[];
  catalog: LiveCatalog;
  /** Is the app summoned (it then keeps its file)? */
  deployed(name: string): Promise<boolean>;
  timeoutMs?: number;
  maxBytes?: number;
  fetch?: typeof fetch;
}

/** What the proposal shows, and what the confirmed add must find again. */
export interface StagedMinion {
  name: string;
  source: string;
  sha256: string;
  text: string;
  minion: Minion;
  /** Read from a file attached to the chat message: written from this text (a chat file never changes). */
  attached?: string;
  /** From a host path: the files beside it the catalog read (relative path → text), written beside it. */
  beside: Map<string, string>;
  /** The compose text and the files beside it, as one digest: the yes writes only if they are all unchanged. */
  whole: string;
}

export interface CustomMinions {
  /** Read and check a source; remembered so that `add` writes exactly this content. */
  stage(name: string, source: string): Promise<StagedMinion>;
  /**
   * Check a compose file attached to the message (`minion add <name>` with a file): the text is data from the
   * chat; `source` is what the confirmed command will say (empty: no URL or path), `label` names the file.
   */
  stageAttached(name: string, text: string, label: string, source?: string): Promise<StagedMinion>;
  /** Read the source again (an attached file: its staged text), check it is what was staged, write it, reload the catalog. */
  add(name: string, source: string): Promise<{ file: string; minion: Minion }>;
  /** Refuses (with why) a minion that may not be removed. */
  checkRemovable(name: string): Promise<{ dir: string }>;
  remove(name: string): Promise<{ movedTo: string }>;
}

const MAX_REDIRECTS = 3;

/** A URL of a raw compose file, or a host path: which one, checked. */
function sourceKind(source: string): { kind: 'url'; url: URL } | { kind: 'path'; path: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      throw new SummonerError('minion.source_refused', 'that is not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SummonerError('minion.source_refused', `only https and http URLs are read (not ${url.protocol.replace(':', '')})`);
    if (url.username || url.password) throw new SummonerError('minion.source_refused', 'a URL with a user or password is refused: credentials do not belong in chat');
    return { kind: 'url', url };
  }
  if (source.startsWith('/')) return { kind: 'path', path: source };
  throw new SummonerError('minion.source_refused', 'give an https:// or http:// URL of a raw compose file, or an absolute path on the host', { hint: 'e.g. minion add kuma https://raw.githubusercontent.com/louislam/uptime-kuma/master/compose.yaml' });
}

async function readUrl(url: URL, o: { fetch: typeof fetch; timeoutMs: number; maxBytes: number }): Promise<string> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  let at = url;
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await o.fetch(at, { redirect: 'manual', signal, headers: { accept: 'application/yaml, text/yaml, text/plain, */*' } });
    } catch (e) {
      const timedOut = signal.aborted;
      throw new SummonerError('minion.source_unreadable', timedOut ? `${at.host} did not answer within ${Math.round(o.timeoutMs / 1000)} s` : `${at.host} could not be reached`, { cause: e });
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new SummonerError('minion.source_unreadable', `more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(res.headers.get('location')!, at);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new SummonerError('minion.source_refused', `the server redirects to a ${next.protocol.replace(':', '')} URL: refused`);
      if (at.protocol === 'https:' && next.protocol === 'http:') throw new SummonerError('minion.source_refused', 'the server redirects from https to plain http: refused');
      at = next;
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new SummonerError('minion.source_unreadable', `${at.host} answered ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > o.maxBytes) {
      await res.body?.cancel();
      throw new SummonerError('minion.source_refused', `the file is too large (${declared} bytes; at most ${o.maxBytes})`);
    }
    // read at most maxBytes + 1, whatever the server said
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    try {
      for (;;) {
        const r = await reader?.read();
        if (!r || r.done) break;
        size += r.value.byteLength;
        if (size > o.maxBytes) throw new SummonerError('minion.source_refused', `the file is too large (over ${o.maxBytes} bytes)`);
        chunks.push(r.value);
      }
    } catch (e) {
      await reader?.cancel().catch(() => undefined);
      if (e instanceof SummonerError) throw e;
      throw new SummonerError('minion.source_unreadable', signal.aborted ? `${at.host} did not send the file within ${Math.round(o.timeoutMs / 1000)} s` : `reading from ${at.host} failed`, { cause: e });
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** A host file, under one of the configured roots once every symlink is resolved; its text and its real folder. */
function readHostPath(p: string, roots: readonly string[], maxBytes: number): { text: string; folder: string } {
  if (roots.length === 0) throw new SummonerError('minion.source_refused', 'reading compose files from the host is off', { hint: 'list the folders it may read under minionAdd.pathRoots in summoner.yml' });
  let real: string;
  try {
    real = fs.realpathSync(p);
  } catch (e) {
    throw new SummonerError('minion.source_unreadable', `${path.basename(p)}: no such file, or it cannot be read`, { cause: e });
  }
  const realRoots = roots.flatMap((r) => {
    try {
      return [fs.realpathSync(r)];
    } catch {
      return [];
    }
  });
  if (!realRoots.some((r) => real.startsWith(`${r}${path.sep}`))) {
    throw new SummonerError('minion.source_refused', 'that path is outside the folders compose files may be read from (symlinks followed)', { hint: `allowed: ${roots.join(', ')}` });
  }
  const st = fs.statSync(real);
  if (!st.isFile()) throw new SummonerError('minion.source_refused', 'that path is not a regular file (give the compose file itself)');
  if (st.size > maxBytes) throw new SummonerError('minion.source_refused', `the file is too large (${st.size} bytes; at most ${maxBytes})`);
  return { text: fs.readFileSync(real, 'utf8'), folder: path.dirname(real) };
}

/**
 * Every problem of the file at once, as the catalog reports them. With `folder` (a host path's), the catalog
 * reads the files beside it as it will in the catalog folder; each one read is put in `beside`.
 */
function check(name: string, text: string, source: string, folder?: string, beside?: Map<string, string>): Minion {
  const parsed = parseCatalogText(text);
  if (!parsed.ok) throw new SummonerError('minion.invalid', `${source}: ${parsed.key}: ${parsed.message}`);
  const digest = `sha256:${createHash('sha256').update(text).digest('hex')}`;
  const access = folder ? { folder: folderAccess(folder, (rel, t) => void beside?.set(path.posix.normalize(rel), t)) } : {};
  const r = minionFromDoc(parsed.doc, { name, file: source, origin: 'custom', digest, notes: parsed.notes, ...access });
  if (!r.ok) {
    const lines = r.issues.slice(0, 20).map((i) => `${i.key}: ${i.message}`);
    if (r.issues.length > 20) lines.push(`… and ${r.issues.length - 20} more`);
    throw new SummonerError('minion.invalid', `the file does not load (${r.issues.length} problem${r.issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, { hint: 'fix them in the file, or write the x-summoner block of minions/README.md' });
  }
  return r.minion;
}

export function createCustomMinions(o: CustomMinionsOptions): CustomMinions {
  const maxBytes = o.maxBytes ?? MAX_FILE_BYTES;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const doFetch = o.fetch ?? fetch;
  const staged = new Map<string, StagedMinion>();

  const targetDir = (): string => {
    const dir = o.catalogDirs[0];
    if (!dir) throw new SummonerError('minion.no_catalog_dir', 'no catalog folder to write into', { hint: 'add a folder under catalogDirs in summoner.yml' });
    return path.resolve(dir);
  };
  const checkName = (name: string) => {
    const bad = minionNameProblem(name);
    if (bad) throw new SummonerError('minion.bad_name', bad);
  };
  const checkFree = (name: string) => {
    const existing = o.catalog.get(name);
    if (existing?.origin === 'shipped') throw new SummonerError('minion.shipped', `${name} is a shipped minion: it is never overwritten`, { hint: `choose another name (e.g. my-${name}); a custom file with x-summoner.override: true replaces it` });
    if (existing) throw new SummonerError('minion.exists', `there is already a minion called ${name} (${existing.file})`, { hint: `\`minion remove ${name}\` first, or choose another name` });
    if (fs.existsSync(path.join(targetDir(), name))) throw new SummonerError('minion.exists', `${path.join(targetDir(), name)} already exists (a file that did not load?)`, { hint: 'see `list` for its problems' });
  };
  // two minions on one subdomain would fight over it at the proxy: the catalog refuses the later one, so a
  // file that would take a subdomain in use is refused before the proposal, not after it is written
  const checkSubdomainFree = (name: string, minion: Minion) => {
    const other = o.catalog.names().find((n) => n !== name && o.catalog.get(n)?.subdomain === minion.subdomain);
    if (other) {
      throw new SummonerError('minion.invalid', `subdomain ${minion.subdomain} is already used by ${other}`, {
        hint: `set x-summoner.subdomain in the file to another one (e.g. subdomain: ${name}-app), or choose another name`,
      });
    }
  };
  const read = async (source: string): Promise<{ text: string; folder?: string }> => {
    const k = sourceKind(source);
    return k.kind === 'url' ? { text: await readUrl(k.url, { fetch: doFetch, timeoutMs, maxBytes }) } : readHostPath(k.path, o.pathRoots, maxBytes);
  };
  /** One digest of the compose text and every file beside it, in a stable order. */
  const digestOf = (text: string, beside: Map<string, string>) => {
    const h = createHash('sha256').update(text);
    for (const rel of [...beside.keys()].sort()) h.update(`\0${rel}\0${beside.get(rel)!.length}\0`).update(beside.get(rel)!);
    return h.digest('hex');
  };

  const checkRemovable = async (name: string) => {
    checkName(name);
    const m = o.catalog.get(name);
    if (!m) throw new SummonerError('minion.unknown', `no minion called ${name} in the catalog`);
    if (m.origin === 'shipped') throw new SummonerError('minion.shipped', `${name} is shipped with Summoner: it cannot be removed`);
    const dir = path.join(targetDir(), name);
    if (path.dirname(m.file) !== dir) throw new SummonerError('minion.source_refused', `${name} is not in ${targetDir()}, the folder minions are added to: remove its file by hand (${m.file})`);
    if (await o.deployed(name)) throw new SummonerError('minion.summoned', `${name} is summoned: dismiss it first`, { hint: `dismiss ${name}` });
    return { dir };
  };

  return {
    checkRemovable,
    async stage(name, source) {
      checkName(name);
      targetDir();
      checkFree(name);
      const { text, folder } = await read(source);
      const beside = new Map<string, string>();
      const minion = check(name, text, source, folder, beside);
      checkSubdomainFree(name, minion);
      const s: StagedMinion = { name, source, sha256: createHash('sha256').update(text).digest('hex'), text, minion, beside, whole: digestOf(text, beside) };
      staged.set(name, s);
      return s;
    },
    async stageAttached(name, text, label, source = '') {
      checkName(name);
      targetDir();
      checkFree(name);
      if (Buffer.byteLength(text) > maxBytes) throw new SummonerError('minion.source_refused', `the attached file is too large (at most ${maxBytes} bytes)`);
      const minion = check(name, text, label);
      checkSubdomainFree(name, minion);
      const s: StagedMinion = { name, source, sha256: createHash('sha256').update(text).digest('hex'), text, minion, attached: label, beside: new Map(), whole: digestOf(text, new Map()) };
      staged.set(name, s);
      return s;
    },
    async add(name, source) {
      checkName(name);
      const before = staged.get(name);
      if (!before || before.source !== source) throw new SummonerError('minion.changed', 'nothing was proposed for this file', { hint: `ask again: minion add ${name} ${source}` });
      const dir = targetDir();
      checkFree(name);
      // the compose file and the files beside it, read again: what is written is what was shown
      let text = before.text;
      let sourceFolder: string | undefined;
      const beside = new Map<string, string>();
      if (before.attached === undefined) {
        const again = await read(source);
        text = again.text;
        sourceFolder = again.folder;
        if (sourceFolder) check(name, text, source, sourceFolder, beside);
      }
      if (digestOf(text, beside) !== before.whole) {
        staged.delete(name);
        throw new SummonerError('minion.changed', 'the file (or a file beside it) changed since it was shown to you: nothing was written', { hint: `ask again: minion add ${name} ${source}` });
      }
      // written beside, then renamed: a reader sees no file or the whole file
      const folder = path.join(dir, name);
      fs.mkdirSync(folder, { mode: 0o755 });
      const tmp = path.join(folder, `.compose.yml.${randomBytes(6).toString('hex')}`);
      const file = path.join(folder, 'compose.yml');
      try {
        // the files beside it first (0600: env files hold passwords), each under the new folder
        for (const [rel, content] of beside) {
          const to = path.resolve(folder, rel);
          if (!to.startsWith(`${folder}${path.sep}`)) throw new Error(`${rel} would leave the minion's folder`);
          fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o755 });
          // a script it mounts keeps its execute bit (the catalog mounts it as it finds it)
          const executable = sourceFolder !== undefined && (fs.statSync(path.resolve(sourceFolder, rel)).mode & 0o100) !== 0;
          fs.writeFileSync(to, content, { mode: executable ? 0o700 : 0o600, flag: 'wx' });
        }
        fs.writeFileSync(tmp, text, { mode: 0o644, flag: 'wx' });
        fs.chmodSync(tmp, 0o644);
        fs.renameSync(tmp, file);
      } catch (e) {
        fs.rmSync(folder, { recursive: true, force: true });
        throw new SummonerError('minion.write_failed', `could not write ${file}`, { cause: e });
      }
      staged.delete(name);
      const catalog = o.catalog.reload();
      const minion = catalog.get(name);
      if (!minion) {
        // nothing broken is left in the catalog: the folder goes, and the catalog is read again without it
        const why = catalog.problems.filter((p) => p.file.startsWith(folder)).map((p) => `${p.key}: ${p.message}`);
        fs.rmSync(folder, { recursive: true, force: true });
        o.catalog.reload();
        throw new SummonerError('minion.invalid', `${name} did not load once written, so it was not added: ${why.join('; ') || 'unknown'}`);
      }
      return { file, minion };
    },
    async remove(name) {
      const { dir } = await checkRemovable(name);
      const movedTo = path.join(path.dirname(dir), `.${name}.removed-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      fs.renameSync(dir, movedTo);
      o.catalog.reload();
      return { movedTo };
    },
  };
}
