// The catalog on disk: `<dir>/<name>/compose.yml` (or compose.yaml; custom folders may also hold a flat
// `<name>.yml`). Every file is validated; one bad file becomes a problem naming the file and the key, and
// never stops the others from loading. YAML is parsed with js-yaml (the `yaml` package costs too much idle
// memory for the bot's budget), with limits against oversized files and alias bombs.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, defineMappingTag, defineScalarTag, defineSequenceTag, load as parseYaml, mergeTag } from 'js-yaml';
import { SummonerError } from '../../errors.js';
import type { CatalogView } from '../ports/deploy.js';
import type { CatalogNote, Minion } from '../types.js';
import type { FolderAccess } from './compose.js';
import { minionFromDoc } from './minion.js';
import { MINION_NAME, minionNameProblem } from './names.js';

export interface CatalogProblem {
  file: string;
  key: string;
  message: string;
  /** notes only: a warning (floating tag, unset variable) rather than a plain change */
  warning?: boolean;
}

export interface CatalogSource {
  dir: string;
  origin: 'shipped' | 'custom';
}

export interface Catalog extends CatalogView {
  all(): Minion[];
  readonly problems: CatalogProblem[];
  /** What was normalised in the files that loaded, and warnings: shown by `list`. */
  readonly notes: CatalogProblem[];
  /** `get`, but a bad or unknown name is a SummonerError with a message fit for chat. */
  lookup(name: string): Minion;
}

export const MAX_FILE_BYTES = 256 * 1024;
/** Nodes after alias expansion: a compose file has hundreds; a "billion laughs" document has billions. */
const MAX_NODES = 100_000;
const MAX_ALIASES = 100;
const MAX_ENTRIES = 500;
const MAX_PROBLEMS_PER_FILE = 30;
const MAX_ENV_FILE_BYTES = 64 * 1024;
/** A folder bind-mounted from the minion's folder is configuration when it is this small (else a data volume). */
const MAX_CONFIG_FILES = 20;
const MAX_CONFIG_DEPTH = 4;
// Compose files use `<<: *defaults`, which the core schema leaves out, and the Compose Specification's merge
// tags: `!reset` (the key is dropped, as if never set) and `!override` (the value replaces what `<<` merged in,
// which one file's YAML merge does already). Both are read here and said in a note.
const RESET = Object.freeze({ summonerYamlReset: true });
const OVERRIDDEN = new WeakSet<object>();
const never = () => false;
type Obj = Record<string, unknown>;
const mergeTags = [
  defineScalarTag('!reset', { resolve: () => RESET, identify: never }),
  defineSequenceTag('!reset', { create: () => [] as unknown[], addItem: () => undefined, finalize: () => RESET, identify: never }),
  defineMappingTag('!reset', { create: (): Obj => ({}), addPair: () => '', has: never, keys: () => [], get: () => undefined, finalize: () => RESET, identify: never }),
  defineScalarTag('!override', { resolve: (source: string) => source, identify: never }),
  defineSequenceTag('!override', { create: () => [] as unknown[], addItem: (c: unknown[], item: unknown) => void c.push(item), finalize: (c: unknown[]) => (OVERRIDDEN.add(c), c), identify: never }),
  defineMappingTag('!override', {
    create: (): Obj => ({}),
    addPair: (c: Obj, k: unknown, v: unknown) => ((c[String(k)] = v), ''),
    has: (c: Obj, k: unknown) => Object.hasOwn(c, String(k)),
    keys: (r: Obj) => Object.keys(r),
    get: (r: Obj, k: unknown) => r[String(k)],
    finalize: (c: Obj) => (OVERRIDDEN.add(c), c),
    identify: never,
  }),
];
const YAML_SCHEMA = CORE_SCHEMA.withTags(mergeTag, mergeTags);

/** `!reset` keys dropped and `!override` values found, each a note at its key. */
function settleMergeTags(doc: unknown, at: (string | number)[] = [], notes: CatalogNote[] = []): CatalogNote[] {
  if (!doc || typeof doc !== 'object') return notes;
  const key = (p: (string | number)[]) => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
  if (Array.isArray(doc)) {
    for (let i = doc.length - 1; i >= 0; i--) {
      if (doc[i] === RESET) {
        doc.splice(i, 1);
        notes.push({ key: key([...at, i]), message: 'normalised: !reset dropped the item' });
      } else settleMergeTags(doc[i], [...at, i], notes);
    }
    return notes;
  }
  const obj = doc as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (v === RESET) {
      delete obj[k];
      notes.push({ key: key([...at, k]), message: 'normalised: !reset dropped the key (its default applies)' });
      continue;
    }
    if (v && typeof v === 'object' && OVERRIDDEN.has(v)) notes.push({ key: key([...at, k]), message: 'normalised: !override: this value replaces what a merge (<<) brought in' });
    settleMergeTags(v, [...at, k], notes);
  }
  return notes;
}

/** File names go into chat: no control characters, bounded. */
function shownPath(p: string): string {
  const clean = p.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}

function nodeCountExceeds(doc: unknown, max: number): boolean {
  let count = 0;
  const stack: unknown[] = [doc];
  while (stack.length) {
    const v = stack.pop();
    if (++count > max) return true;
    if (v && typeof v === 'object') for (const c of Array.isArray(v) ? v : Object.values(v)) stack.push(c);
  }
  return false;
}

export type ParsedText = { ok: true; doc: Record<string, unknown>; notes: CatalogNote[] } | { ok: false; key: string; message: string };

/** YAML text → a mapping, within the limits. Messages never quote the file (it may not be a compose file at all). */
export function parseCatalogText(text: string): ParsedText {
  let doc: unknown;
  try {
    doc = parseYaml(text, { schema: YAML_SCHEMA, maxAliases: MAX_ALIASES, maxDepth: 50 });
  } catch (e) {
    const y = e as { reason?: string; mark?: { line: number; column: number } };
    const where = y.mark ? ` (line ${y.mark.line + 1}, column ${y.mark.column + 1})` : '';
    return { ok: false, key: '(yaml)', message: `not valid YAML${where}: ${(y.reason ?? 'unreadable').slice(0, 200)}` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { ok: false, key: '(yaml)', message: 'the top level must be a mapping (services:, volumes:, x-summoner:)' };
  if (nodeCountExceeds(doc, MAX_NODES)) return { ok: false, key: '(yaml)', message: `too large once its aliases are expanded (over ${MAX_NODES} values)` };
  const notes = settleMergeTags(doc);
  return { ok: true, doc: doc as Record<string, unknown>, notes };
}

export type MinionFileResult = { ok: true; minion: Minion; override: boolean } | { ok: false; problems: CatalogProblem[] };

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException)?.code ?? 'error';
const why = (code: string) => (code === 'ELOOP' ? 'a symlink loop' : code === 'EACCES' || code === 'EPERM' ? `permission denied (${code})` : `cannot be read (${code})`);

/**
 * What a minion may read in its own folder: files under it (env_file, .env), never through `..`, an absolute
 * path, or a symlink that leads out of it. `onRead` sees every file read (for the minion's digest).
 */
export function folderAccess(dir: string, onRead?: (rel: string, text: string) => void): FolderAccess {
  let real: string | undefined;
  const realDir = () => (real ??= fs.realpathSync(dir));
  const inside = (rel: string) => !path.isAbsolute(rel) && !rel.split(/[\\/]/).includes('..');
  return {
    read(rel) {
      if (!inside(rel)) return { ok: false, missing: false, message: `${shownPath(rel)} is outside the minion's folder: keep it beside the compose file` };
      try {
        const target = fs.realpathSync(path.resolve(dir, rel));
        if (!target.startsWith(`${realDir()}${path.sep}`)) return { ok: false, missing: false, message: `${shownPath(rel)} is a symlink leading outside the minion's folder: refused` };
        const st = fs.statSync(target);
        if (!st.isFile()) return { ok: false, missing: false, message: `${shownPath(rel)} is not a regular file` };
        if (st.size > MAX_ENV_FILE_BYTES) return { ok: false, missing: false, message: `${shownPath(rel)} is too large (at most ${MAX_ENV_FILE_BYTES} bytes)` };
        const text = fs.readFileSync(target, 'utf8');
        onRead?.(rel, text);
        return { ok: true, text };
      } catch (e) {
        const code = codeOf(e);
        return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', message: `${shownPath(rel)}: ${why(code)}` };
      }
    },
    compose(rel) {
      const r = this.read(rel);
      if (!r.ok) return r;
      const parsed = parseCatalogText(r.text);
      return parsed.ok ? { ok: true, doc: parsed.doc } : { ok: false, missing: false, message: `${shownPath(rel)}: ${parsed.message}` };
    },
    kind(rel) {
      if (!inside(rel)) return { kind: 'outside' };
      try {
        const target = fs.realpathSync(path.resolve(dir, rel));
        if (!target.startsWith(`${realDir()}${path.sep}`)) return { kind: 'outside' };
        const st = fs.statSync(target);
        if (st.isFile()) return { kind: 'file', executable: (st.mode & 0o111) !== 0 };
        return { kind: st.isDirectory() ? 'folder' : 'other' };
      } catch {
        return { kind: 'missing' };
      }
    },
    files(rel) {
      if (!inside(rel) || this.symlinked(rel)) return { ok: false, message: 'outside the folder, or through a symlink' };
      const found: { rel: string; executable: boolean }[] = [];
      const walk = (sub: string, depth: number): string | undefined => {
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(path.join(dir, sub), { withFileTypes: true });
        } catch (e) {
          return why(codeOf(e));
        }
        for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
          const child = `${sub}/${e.name}`;
          if (e.isDirectory()) {
            if (depth >= MAX_CONFIG_DEPTH) return `folders more than ${MAX_CONFIG_DEPTH} deep`;
            const bad = walk(child, depth + 1);
            if (bad) return bad;
            continue;
          }
          if (!e.isFile()) return `${e.name} is not a regular file`;
          const st = fs.statSync(path.join(dir, child));
          if (st.size > MAX_ENV_FILE_BYTES) return `${e.name} is over ${MAX_ENV_FILE_BYTES} bytes, data rather than configuration`;
          if (found.push({ rel: child, executable: (st.mode & 0o111) !== 0 }) > MAX_CONFIG_FILES) return `more than ${MAX_CONFIG_FILES} files`;
        }
        return undefined;
      };
      const bad = walk(rel, 1);
      return bad ? { ok: false, message: bad } : { ok: true, files: found };
    },
    symlinked(rel) {
      let cur = dir;
      for (const seg of rel.split('/').filter((s) => s && s !== '.')) {
        cur = path.join(cur, seg);
        try {
          if (fs.lstatSync(cur).isSymbolicLink()) return true;
        } catch {
          return false;
        }
      }
      return false;
    },
  };
}

/** Read and validate one catalog file; `name` comes from its folder (or file) name. */
export function readMinionFile(file: string, name: string, origin: CatalogSource['origin'], folder?: string): MinionFileResult {
  const shown = shownPath(file);
  const fail = (key: string, message: string): MinionFileResult => ({ ok: false, problems: [{ file: shown, key, message }] });
  const badName = minionNameProblem(name);
  if (badName) return fail('(file name)', badName);
  let bytes: Buffer;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return fail('(file)', 'not a regular file');
    if (st.size > MAX_FILE_BYTES) return fail('(file)', `too large (${st.size} bytes; at most ${MAX_FILE_BYTES})`);
    bytes = fs.readFileSync(file);
  } catch (e) {
    return fail('(file)', why(codeOf(e)));
  }
  if (bytes.length > MAX_FILE_BYTES) return fail('(file)', `too large (at most ${MAX_FILE_BYTES} bytes)`);
  const parsed = parseCatalogText(bytes.toString('utf8'));
  if (!parsed.ok) return fail(parsed.key, parsed.message);
  // The digest covers what the minion is made of: the compose file and every file read beside it (env_file,
  // .env, configs, include/extends), so that editing a config file is seen as a catalog change (drift).
  const hash = createHash('sha256').update(bytes);
  const onRead = (rel: string, text: string) => hash.update(`\0${rel}\0${text.length}\0`).update(text);
  let r: ReturnType<typeof minionFromDoc>;
  try {
    r = minionFromDoc(parsed.doc, { name, file, origin, digest: '', notes: parsed.notes, ...(folder ? { folder: folderAccess(folder, onRead) } : {}) });
    if (r.ok) r.minion.digest = `sha256:${hash.digest('hex')}`;
  } catch (e) {
    // a bug here must not stop the other minions from loading
    return fail('(file)', `could not be read (${e instanceof Error ? e.message.slice(0, 200) : 'error'})`);
  }
  if (!r.ok) {
    const problems = r.issues.slice(0, MAX_PROBLEMS_PER_FILE).map((i) => ({ file: shown, ...i }));
    if (r.issues.length > MAX_PROBLEMS_PER_FILE) problems.push({ file: shown, key: '(more)', message: `${r.issues.length - MAX_PROBLEMS_PER_FILE} more problems in this file` });
    return { ok: false, problems };
  }
  return r;
}

interface Found {
  name: string;
  file: string;
  /** the minion's own folder (not for a flat `<name>.yml`) */
  folder?: string;
}

/** The catalog files of one folder, or the problems of finding them. */
function listFolder(src: CatalogSource, problems: CatalogProblem[]): Found[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(src.dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push({ file: shownPath(src.dir), key: '(folder)', message: code === 'ENOENT' ? 'no such folder' : `cannot be read (${code ?? 'error'})` });
    return [];
  }
  entries = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (entries.length > MAX_ENTRIES) {
    problems.push({ file: shownPath(src.dir), key: '(folder)', message: `${entries.length} entries: only the first ${MAX_ENTRIES} are read` });
    entries = entries.slice(0, MAX_ENTRIES);
  }
  const out: Found[] = [];
  for (const e of entries) {
    const full = path.join(src.dir, e.name);
    // a loop, a dangling link or a folder we may not read is a problem of that entry, never of the catalog
    let isDir = e.isDirectory();
    try {
      if (e.isSymbolicLink()) isDir = fs.statSync(full, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch (err) {
      problems.push({ file: shownPath(full), key: '(file)', message: why(codeOf(err)) });
      continue;
    }
    if (isDir) {
      let names: string[];
      try {
        names = fs.readdirSync(full);
      } catch (err) {
        problems.push({ file: shownPath(full), key: '(folder)', message: why(codeOf(err)) });
        continue;
      }
      // the names docker compose looks for, in its order of preference
      const files = ['compose.yml', 'compose.yaml', 'docker-compose.yml', 'docker-compose.yaml'].filter((f) => names.includes(f));
      if (files.length === 0) problems.push({ file: shownPath(full), key: '(file)', message: 'no compose.yml (or compose.yaml, docker-compose.yml) in this folder' });
      else if (files.length > 1) problems.push({ file: shownPath(full), key: '(file)', message: `both ${files.join(' and ')}: keep one` });
      else out.push({ name: e.name, file: path.join(full, files[0]!), folder: full });
    } else if (src.origin === 'custom' && /\.ya?ml$/.test(e.name)) {
      out.push({ name: e.name.replace(/\.ya?ml$/, ''), file: full });
    }
    // anything else (README.md…) is not a minion
  }
  return out;
}

/**
 * Load every source in order (the shipped catalog first, then the config's `catalogDirs`). A later minion
 * with a name already loaded replaces it only with `x-summoner.override: true`.
 */
export function loadCatalog(sources: CatalogSource[]): Catalog {
  const problems: CatalogProblem[] = [];
  const byName = new Map<string, { minion: Minion; source: number }>();
  sources.forEach((src, index) => {
    for (const found of listFolder(src, problems)) {
      const r = readMinionFile(found.file, found.name, src.origin, found.folder);
      if (!r.ok) {
        problems.push(...r.problems);
        continue;
      }
      const before = byName.get(found.name);
      const shown = shownPath(found.file);
      if (before && before.source === index) {
        problems.push({ file: shown, key: '(file name)', message: `${found.name} is defined twice in this folder (also ${shownPath(before.minion.file)})` });
      } else if (before && !r.override) {
        problems.push({
          file: shown,
          key: 'x-summoner.override',
          message: `${found.name} already exists (${shownPath(before.minion.file)}): set x-summoner.override: true to replace it, or rename this one`,
        });
      } else {
        byName.set(found.name, { minion: r.minion, source: index });
      }
    }
  });
  // two minions on one subdomain would fight over it at the proxy: the later one is refused
  const bySubdomain = new Map<string, string>();
  for (const [name, { minion }] of byName) {
    const other = bySubdomain.get(minion.subdomain);
    if (other) {
      problems.push({ file: shownPath(minion.file), key: 'x-summoner.subdomain', message: `subdomain ${minion.subdomain} is already used by ${other}` });
      byName.delete(name);
    } else bySubdomain.set(minion.subdomain, name);
  }

  const names = () => [...byName.keys()].sort();
  const get = (name: string) => (typeof name === 'string' && MINION_NAME.test(name) ? byName.get(name)?.minion : undefined);
  const notes = [...byName.values()].flatMap(({ minion }) => (minion.notes ?? []).map((n) => ({ file: shownPath(minion.file), ...n })));
  return {
    problems,
    notes,
    get,
    names,
    all: () => names().map((n) => byName.get(n)!.minion),
    lookup: (name: string) => lookupMinion({ get, names }, name),
  };
}

/** A minion by a name someone typed: refused with a clear message when hostile or unknown. */
export function lookupMinion(catalog: CatalogView, name: string): Minion {
  const bad = minionNameProblem(String(name));
  if (bad) throw new SummonerError('minion.bad_name', bad, { hint: 'see `list` for the names' });
  const m = catalog.get(name);
  if (!m) throw new SummonerError('minion.unknown', `no minion called ${name} in the catalog`, { hint: `known: ${catalog.names().slice(0, 20).join(', ') || 'none'}` });
  return m;
}
