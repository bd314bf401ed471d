// One parsed catalog document → a `Minion` (with the notes of what was normalised), or every problem of the
// file at once, each at its key (`services.db.environment.POSTGRES_PASSWORD`, `x-summoner.database.type`),
// grouped by service. Pure: the loader reads the file and hands the document and a view of its folder in.
// Order: the Compose Specification, x-summoner, interpolation, each service, then roles and the checks that
// tie them together (variables, pins, database version, files).
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { CatalogNote, DbType, Dependency, HealthSpec, Minion, MinionService, ServiceRole, ServiceSpec, VariableSpec } from '../types.js';
import { composeSchemaIssues, declaredVolumes, keyOf, parseService, routedByProxy, topLevelIssues, type Findings, type FolderAccess, type KeyIssue, type ParsedService, type Segment } from './compose.js';
import { escapeTemplate, referencedNames } from './interpolate.js';
import { DNS_LABEL, parseImageRef, type ImageRef } from './names.js';
import { normaliseService, normaliseText, type VariableScope } from './normalise.js';
import { runsWith, servicesOfActiveProfiles } from './profiles.js';
import { composeAliases } from './aliases.js';
import { BUILTIN_VARIABLES, DB_DEFAULT_PORT, defaultDbHealth, versionOfTag, versionSatisfies, xSummonerSchema, type HealthInput, type XSummoner } from './schema.js';
import { parseDotenv, settleDotenv } from './words.js';

export interface MinionSource {
  name: string;
  file: string;
  origin: 'shipped' | 'custom';
  digest: string;
  /** The minion's own folder (env_file, .env, relative bind mounts); absent: nothing is read beside the file. */
  folder?: FolderAccess;
  /** What reading the YAML changed (`!reset`, `!override`). */
  notes?: CatalogNote[];
}

export type MinionResult = { ok: true; minion: Minion; override: boolean } | { ok: false; issues: KeyIssue[]; notes: CatalogNote[] };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

const NO_FOLDER: FolderAccess = {
  read: () => ({ ok: false, missing: true, message: 'no folder' }),
  symlinked: () => false,
  kind: () => ({ kind: 'missing' }),
  files: () => ({ ok: false, message: 'no folder' }),
  compose: () => ({ ok: false, missing: true, message: 'no folder' }),
};

/**
 * Another compose file named by `include` or `extends: { file }`: a file beside the compose file (its relative
 * paths then mean the same folder), read from the minion's folder; anything else is a problem saying what to do.
 */
function siblingCompose(rel: unknown, key: Segment[], folder: FolderAccess, f: Findings): Record<string, unknown> | undefined {
  if (typeof rel !== 'string' || !/^(\.\/)?[A-Za-z0-9_][A-Za-z0-9_.-]*\.ya?ml$/.test(rel)) {
    f.issues.push({ key: keyOf(key), message: `not supported: ${JSON.stringify(String(rel).slice(0, 80))} is not a compose file beside this one (its relative paths would mean another folder); put it beside the compose file, or copy its services in` });
    return undefined;
  }
  const r = folder.compose(rel);
  if (!r.ok) {
    f.issues.push({ key: keyOf(key), message: r.missing ? `${rel} is not in the minion's folder: put it beside the compose file` : r.message });
    return undefined;
  }
  return r.doc;
}

/** Top-level keys an included file adds to the compose file (a name defined twice is a problem, as in compose). */
const INCLUDED_KEYS = ['services', 'volumes', 'networks', 'secrets', 'configs'] as const;

/**
 * `include: [file]` (or `{ path }`): the services, volumes, networks, secrets and configs of files beside the
 * compose file added to it, as compose does; includes of includes too (at most 5 deep, no loops). A note each.
 */
function resolveIncludes(doc: Record<string, unknown>, folder: FolderAccess, f: Findings, chain: string[] = []): Record<string, unknown> {
  const { include, ...rest } = doc;
  if (include === undefined) return doc;
  const out: Record<string, unknown> = { ...rest };
  const at: Segment[] = ['include'];
  if (!Array.isArray(include)) {
    f.issues.push({ key: 'include', message: 'include is a list of files (or { path })' });
    return out;
  }
  include.forEach((item, i) => {
    const paths = typeof item === 'string' ? [item] : isObject(item) ? (Array.isArray(item.path) ? item.path : [item.path]) : [undefined];
    if (isObject(item)) {
      for (const k of Object.keys(item)) if (k !== 'path') f.notes.push({ key: keyOf([...at, i, k]), message: `ignored: the included file is read with the minion's folder and its .env`, warning: true });
    }
    for (const rel of paths) {
      const name = typeof rel === 'string' ? rel.replace(/^\.\//, '') : '';
      if (chain.includes(name) || chain.length >= 5) {
        f.issues.push({ key: keyOf([...at, i]), message: chain.includes(name) ? `${name} includes itself (through ${chain.join(' → ')})` : 'includes nested more than 5 deep' });
        continue;
      }
      const got = siblingCompose(rel, [...at, i], folder, f);
      if (!got) continue;
      const inc = resolveIncludes(got, folder, f, [...chain, name]);
      const added: string[] = [];
      for (const k of INCLUDED_KEYS) {
        if (!isObject(inc[k])) continue;
        const mine = isObject(out[k]) ? { ...out[k] } : {};
        for (const [n, v] of Object.entries(inc[k])) {
          if (Object.hasOwn(mine, n)) f.issues.push({ key: keyOf([k, n]), message: `defined both in the compose file and in ${name} (included): keep one` });
          else {
            mine[n] = v;
            if (k === 'services') added.push(n);
          }
        }
        out[k] = mine;
      }
      f.notes.push({ key: keyOf([...at, i]), message: `normalised: ${name} included from the minion's folder${added.length ? ` (services ${added.join(', ')})` : ''}` });
    }
  });
  return out;
}

/** zod issues of the x-summoner section, keyed from the top of the file. */
function xIssues(error: z.ZodError): KeyIssue[] {
  const out: KeyIssue[] = [];
  // an unknown key first: a misspelt key usually explains the missing one beside it
  const issues = [...error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  for (const i of issues) {
    const at: Segment[] = ['x-summoner', ...i.path];
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push({ key: keyOf([...at, k]), message: 'unknown key (see minions/README.md for the x-summoner keys)' });
    } else if (i.code === 'invalid_enum_value') {
      out.push({ key: keyOf(at), message: `${JSON.stringify(i.received).slice(0, 40)} is not one of ${i.options.join(', ')}` });
    } else if (i.code === 'invalid_type' && i.received === 'undefined') {
      out.push({ key: keyOf(at), message: i.path.length ? 'missing' : "missing: Summoner's metadata (see minions/README.md)" });
    } else {
      out.push({ key: keyOf(at), message: i.message });
    }
  }
  return out;
}

/** Each issue once; file-level keys first, then grouped by service in file order. */
function ordered<T extends KeyIssue>(issues: T[], serviceOrder: string[]): T[] {
  const seen = new Set<string>();
  const unique = issues.filter((i) => (seen.has(`${i.key}\u0000${i.message}`) ? false : (seen.add(`${i.key}\u0000${i.message}`), true)));
  const rank = (key: string) => {
    const m = /^services\.([^.[]+)/.exec(key);
    return m ? 1 + Math.max(0, serviceOrder.indexOf(m[1]!)) : 0;
  };
  return unique.map((i, n) => ({ i, n })).sort((a, b) => rank(a.i.key) - rank(b.i.key) || a.n - b.n).map((x) => x.i);
}

/** Every `${VAR}` must be a built-in or a declared (or generated) variable. */
function checkReferences(text: string, key: string, known: Set<string>, hasDb: boolean, issues: KeyIssue[]): void {
  const r = referencedNames(text);
  if (!r.ok) return void issues.push({ key, message: r.message });
  for (const name of r.names) {
    if (name === 'DB_HOST' && !hasDb) issues.push({ key, message: 'DB_HOST is only set when the minion has a database' });
    else if (!known.has(name)) {
      issues.push({ key, message: `undeclared variable ${name}: declare it under x-summoner.variables, or use a built-in (${BUILTIN_VARIABLES.join(', ')}); write $$ for a literal $` });
    }
  }
}

function serviceReferences(name: string, svc: ParsedService, known: Set<string>, hasDb: boolean, issues: KeyIssue[]): void {
  const base: Segment[] = ['services', name];
  for (const [k, v] of Object.entries(svc.environment)) checkReferences(v, keyOf([...base, 'environment', k]), known, hasDb, issues);
  svc.command?.forEach((v, i) => checkReferences(v, keyOf([...base, 'command', i]), known, hasDb, issues));
  svc.entrypoint?.forEach((v, i) => checkReferences(v, keyOf([...base, 'entrypoint', i]), known, hasDb, issues));
  if (svc.user) checkReferences(svc.user, keyOf([...base, 'user']), known, hasDb, issues);
}

function health(h: HealthInput, port: number): HealthSpec {
  return {
    ...(h.http ? { http: { path: h.http.path, port: h.http.port ?? port, ...(h.http.expect ? { expect: h.http.expect } : {}) } } : {}),
    ...(h.exec ? { exec: h.exec } : {}),
    timeoutS: h.timeoutS,
    intervalS: h.intervalS,
  };
}

// ---- roles ------------------------------------------------------------------------------------------

const DB_IMAGES: [RegExp, DbType][] = [
  // an app's own build of a database keeps its name at the end (zulip/zulip-postgresql, bitnami/postgresql)
  [/(^|[/-])(postgres|postgresql|postgis|pgvector|pgvecto-rs|timescaledb(-ha)?|immich-app\/postgres|cloudnative-pg\/postgresql)$/, 'postgres'],
  [/(^|[/-])mariadb$/, 'mariadb'],
  [/(^|[/-])(mysql|mysql-server|percona(-server)?)$/, 'mysql'],
  [/(^|[/-])(mongo|mongodb|mongodb-(community|enterprise)-server)$/, 'mongo'],
];
/** Database servers Summoner has no dump for: their volumes are covered by the cold copy (said in a note). */
const OTHER_DB_IMAGES = /(^|\/)(clickhouse-server|clickhouse|influxdb|cassandra|scylla|couchdb|neo4j|questdb)$/;
const CACHE_IMAGES = /(^|\/)(redis|valkey|keydb|memcached|dragonfly|dragonflydb|redis-stack(-server)?)$/;

export function dbTypeOfImage(repository: string): DbType | undefined {
  const repo = repository.toLowerCase().replace(/^[^/]+\.[^/]+\//, ''); // the registry host does not tell
  return DB_IMAGES.find(([re]) => re.test(repo))?.[1];
}

/**
 * `awaitedRunning`: another service waits for this one to be started or healthy (not completed), so it keeps
 * running: `restart: on-failure` then only says how it restarts, not that it is one-shot (`restart: "no"` still is).
 */
function inferRole(name: string, repo: string | undefined, p: ParsedService, awaitedRunning: boolean): { role: ServiceRole; why: string } {
  if (repo && (dbTypeOfImage(repo) || OTHER_DB_IMAGES.test(repo.toLowerCase().replace(/^[^/]+\.[^/]+\//, '')))) return { role: 'database', why: `its image ${repo}` };
  if (repo && CACHE_IMAGES.test(repo.toLowerCase())) return { role: 'cache', why: `its image ${repo}` };
  const onFailure = p.restart === 'on-failure' || /^on-failure:/.test(p.restart ?? '');
  if (/(^|[-_])(migrat\w*|init|setup|bootstrap|seed)([-_]|$)/i.test(name) || p.restart === 'no' || (onFailure && !awaitedRunning)) {
    return { role: 'job', why: p.restart ? `restart: ${p.restart}` : 'its name' };
  }
  // an HTTP front publishes a TCP port to everyone: a UDP port (media) or one bound to loopback (an admin API
  // for the host, `127.0.0.1:8888:8888`) does not make one
  if (p.ports.some((x) => x.host !== undefined && x.protocol === 'tcp' && !x.loopback)) return { role: 'web', why: 'it publishes a TCP port' };
  if (p.ports.some((x) => x.host !== undefined)) return { role: 'worker', why: 'its published ports are UDP or bound to loopback, no HTTP front; not one-shot' };
  return { role: 'worker', why: 'no database or cache image, no published port, not one-shot' };
}

/** Dependency order: each service after what it depends on (file order otherwise; cycles kept in file order). */
function dependencyOrder(names: string[], deps: Map<string, Dependency[]>): string[] {
  const out: string[] = [];
  const state = new Map<string, 'doing' | 'done'>();
  const visit = (n: string) => {
    if (state.get(n)) return;
    state.set(n, 'doing');
    for (const d of deps.get(n) ?? []) if (names.includes(d.service)) visit(d.service);
    state.set(n, 'done');
    out.push(n);
  };
  names.forEach(visit);
  return out;
}

function variableSpec(v: XSummoner['variables'][string]): VariableSpec {
  if (v.generate) return { generate: v.generate, secret: true, ...(v.length ? { length: v.length } : {}), ...(v.user ? { user: v.user } : {}) };
  return { value: v.value ?? '' };
}

/** Same version at the precision both give: "11.4" ~ "11.4.7", "16" ~ "16.6". */
const sameVersion = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

function readDotenv(folder: FolderAccess, f: Findings): Record<string, string> {
  const r = folder.read('.env');
  if (!r.ok) {
    if (!r.missing) f.issues.push({ key: '.env', message: r.message });
    return {};
  }
  const parsed = parseDotenv(r.text);
  if (parsed.bad.length) f.issues.push({ key: '.env', message: `line ${parsed.bad.slice(0, 5).join(', ')} is not NAME=value` });
  return settleDotenv(parsed);
}

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Compose secrets (top-level `secrets:` with `file:` or `environment:`, used by a service's `secrets:`) become
 * files in a read-only volume `<service>-secrets` at /run/secrets: a file beside the compose file is read (its
 * content kept literally), a missing one or an unset variable is generated once like any secret.
 */
/** A generated secret's variable, `SECRET_<NAME>`: a 32-character password made once and kept in the secrets file. */
function generatedSecret(name: string, scope: VariableScope): string {
  const v = `SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  scope.generated.add(v);
  return `\${${v}}`;
}

function serviceSecretFiles(top: unknown, parsed: Map<string, ParsedService>, declared: Set<string>, scope: VariableScope, folder: FolderAccess, f: Findings): { volume: string; path: string; content: string; mode: number }[] {
  const contents = new Map<string, string>();
  if (isObject(top)) {
    for (const [name, spec] of Object.entries(top)) {
      const at: Segment[] = ['secrets', name];
      if (!SECRET_NAME.test(name) || !isObject(spec)) {
        f.issues.push({ key: keyOf(at), message: 'a secret is a plain name with { file } or { environment }' });
        continue;
      }
      const generated = () => generatedSecret(name, scope);
      if (spec.external === true || isObject(spec.external)) {
        // an external secret lives in a Swarm or is made by hand: nothing to read, so generate it, as for a missing file
        contents.set(name, generatedSecret(name, scope));
        f.notes.push({ key: keyOf([...at, 'external']), message: 'external: Summoner generates the secret once (a 32-character password kept in its secrets file); give it a file: beside the compose file to choose its value', warning: true });
      } else if (typeof spec.file === 'string') {
        const r = folder.read(spec.file);
        if (r.ok) {
          contents.set(name, escapeTemplate(r.text));
          f.notes.push({ key: keyOf([...at, 'file']), message: `read ${spec.file} from the minion's folder: mounted at /run/secrets/${name} in the services that use it` });
        } else if (r.missing) {
          contents.set(name, generated());
          f.notes.push({ key: keyOf([...at, 'file']), message: `${spec.file} is not in the minion's folder: Summoner generates the secret once (a 32-character password kept in its secrets file)`, warning: true });
        } else f.issues.push({ key: keyOf([...at, 'file']), message: r.message });
      } else if (typeof spec.environment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.environment)) {
        const v = spec.environment;
        const known = scope.known.has(v) || scope.generated.has(v);
        if (known) contents.set(name, `\${${v}}`);
        else if (Object.hasOwn(scope.dotenv, v)) contents.set(name, escapeTemplate(scope.dotenv[v]!));
        else {
          scope.generated.add(v);
          contents.set(name, `\${${v}}`);
          f.notes.push({ key: keyOf([...at, 'environment']), message: `${v} is not set: Summoner generates it once`, warning: true });
        }
      } else f.issues.push({ key: keyOf(at), message: 'a secret needs file: (beside the compose file) or environment: (a variable name)' });
    }
  }
  const out: { volume: string; path: string; content: string; mode: number }[] = [];
  for (const [service, p] of parsed) {
    if (!p.secrets?.length) continue;
    const volume = `${service}-secrets`;
    declared.add(volume);
    p.volumes.push({ name: volume, target: '/run/secrets', readOnly: true });
    for (const [i, s] of p.secrets.entries()) {
      let content = contents.get(s.source);
      if (content === undefined) {
        if (isObject(top) && Object.hasOwn(top, s.source)) continue; // its own problem is reported under secrets.<name>
        if (!SECRET_NAME.test(s.source)) {
          f.issues.push({ key: keyOf(['services', service, 'secrets', i]), message: `a secret's name is letters, digits, _ . - (not ${JSON.stringify(s.source.slice(0, 80))})` });
          continue;
        }
        // used but not declared (compose apps leave it to an override file): generated once, as a missing file is
        content = generatedSecret(s.source, scope);
        contents.set(s.source, content);
        f.notes.push({ key: keyOf(['services', service, 'secrets', i]), message: `${s.source} is not declared under the top-level secrets: Summoner generates it once (a 32-character password kept in its secrets file); declare it with file: to choose its value`, warning: true });
      }
      // readable by the container's user, whoever it is, as a compose file secret is
      out.push({ volume, path: s.name, content, mode: 0o444 });
    }
  }
  return out;
}

/** `/etc/clickhouse-server/config.d/logs.xml` → `etc-clickhouse-server-config.d-logs.xml`: a config's file in its volume. */
const configFileName = (target: string) =>
  target
    .split('/')
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(-120) || 'config';

/**
 * Compose configs (top-level `configs:` with `file:` beside the compose file, `content:` or `environment:`, used
 * by a service's `configs:`) and bind mounts of single files of the minion's folder: each a copy in a volume
 * `<service>-configs` under the data root, written before every start and mounted read-only at its target
 * (mode 0444, 0555 when the file is executable). The minion's folder itself is never mounted.
 */
function serviceConfigFiles(top: unknown, parsed: Map<string, ParsedService>, declared: Set<string>, scope: VariableScope, folder: FolderAccess, f: Findings): { volume: string; path: string; content: string; mode: number }[] {
  const contents = new Map<string, string>();
  const broken = new Set<string>();
  if (isObject(top)) {
    for (const [name, spec] of Object.entries(top)) {
      const at: Segment[] = ['configs', name];
      const bad = (key: Segment[], message: string) => (broken.add(name), void f.issues.push({ key: keyOf(key), message }));
      if (!SECRET_NAME.test(name) || !isObject(spec)) {
        bad(at, 'a config is a plain name with { file }, { content } or { environment }');
        continue;
      }
      if (typeof spec.file === 'string') {
        const r = folder.read(spec.file);
        if (r.ok) {
          contents.set(name, escapeTemplate(r.text));
          f.notes.push({ key: keyOf([...at, 'file']), message: `read ${spec.file} from the minion's folder: a copy is mounted read-only in the services that use it` });
        } else bad([...at, 'file'], r.missing ? `${spec.file} is not in the minion's folder: put it beside the compose file` : r.message);
      } else if (typeof spec.content === 'string') {
        contents.set(name, normaliseText(spec.content, [...at, 'content'], scope, f));
      } else if (typeof spec.environment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.environment)) {
        contents.set(name, normaliseText(`\${${spec.environment}}`, [...at, 'environment'], scope, f));
      } else if (spec.external === true || isObject(spec.external)) {
        bad([...at, 'external'], 'an external config is made outside the file and is not available here: give it file: (beside the compose file) or content:');
      } else bad(at, 'a config needs file: (beside the compose file), content: or environment:');
    }
  }
  const out: { volume: string; path: string; content: string; mode: number }[] = [];
  for (const [service, p] of parsed) {
    if (!p.configs?.length) continue;
    const volume = `${service}-configs`;
    const used = new Set<string>();
    for (const c of p.configs) {
      let content: string;
      if ('config' in c) {
        const got = contents.get(c.config);
        if (got === undefined) {
          if (!broken.has(c.config)) f.issues.push({ key: c.key, message: `no config ${JSON.stringify(c.config.slice(0, 80))} under the top-level configs` });
          continue;
        }
        content = got;
      } else {
        const r = folder.read(c.file);
        if (!r.ok) {
          f.issues.push({ key: c.key, message: r.message });
          continue;
        }
        content = escapeTemplate(r.text);
      }
      let file = configFileName(c.target);
      for (let n = 2; used.has(file); n++) file = `${configFileName(c.target)}-${n}`;
      used.add(file);
      declared.add(volume);
      p.volumes.push({ name: volume, target: c.target, readOnly: true, subpath: file, file: true });
      out.push({ volume, path: file, content, mode: c.mode ?? ('executable' in c && c.executable ? 0o555 : 0o444) });
    }
  }
  return out;
}

/** `volumes_from: [service[:ro]]`: the named volumes of that service (itself resolved first), at the same paths. */
function resolveVolumesFrom(parsed: Map<string, ParsedService>, f: Findings): void {
  const done = new Set<string>();
  const visiting = new Set<string>();
  const resolve = (name: string) => {
    const p = parsed.get(name)!;
    if (done.has(name) || !p.volumesFrom) return void done.add(name);
    visiting.add(name);
    for (const vf of p.volumesFrom) {
      const src = parsed.get(vf.service);
      if (!src) {
        f.issues.push({ key: vf.key, message: `no service ${JSON.stringify(vf.service.slice(0, 80))} in this file` });
        continue;
      }
      if (visiting.has(vf.service)) {
        f.issues.push({ key: vf.key, message: `volumes_from ${vf.service} loops back to ${name}` });
        continue;
      }
      resolve(vf.service);
      const copied = src.volumes.filter((v) => !v.file && !p.volumes.some((x) => x.target === v.target));
      p.volumes.push(...copied.map((v) => ({ ...v, readOnly: v.readOnly || vf.readOnly })));
      f.notes.push({
        key: vf.key,
        message: copied.length
          ? `normalised: the volumes of ${vf.service} (${[...new Set(copied.map((v) => v.name))].join(', ')}) are mounted here at the same paths${vf.readOnly ? ', read-only' : ''}`
          : `${vf.service} has no volumes to share: nothing mounted`,
      });
    }
    visiting.delete(name);
    done.add(name);
  };
  for (const name of parsed.keys()) resolve(name);
}

/** The compose profiles `x-summoner.profiles` activates (read before the block is validated, which checks them too). */
function activeProfiles(doc: Record<string, unknown>): string[] {
  const x = doc['x-summoner'];
  return isObject(x) && Array.isArray(x.profiles) ? x.profiles.filter((p): p is string => typeof p === 'string') : [];
}

/**
 * `x-summoner` is optional: without it (or without its `web`), the web service is the first one that publishes
 * a port and is no database or cache (else the first such service), and the description names the file;
 * each guess is a note. Its port is then read from its ports like any undeclared web port.
 */
function withGuesses(doc: Record<string, unknown>, name: string, f: Findings): unknown {
  const given = doc['x-summoner'];
  if (given !== undefined && !(isObject(given) && given.web === undefined)) return given;
  const active = activeProfiles(doc);
  const services = isObject(doc.services) ? Object.entries(doc.services).filter((e): e is [string, Record<string, unknown>] => isObject(e[1]) && runsWith(e[1], active)) : [];
  const repoOf = (svc: Record<string, unknown>) => {
    const r = typeof svc.image === 'string' ? parseImageRef(svc.image) : undefined;
    return r?.ok ? r.ref.repository : '';
  };
  const app = services.filter(([, svc]) => !dbTypeOfImage(repoOf(svc)) && !CACHE_IMAGES.test(repoOf(svc).toLowerCase()));
  // what nothing else depends on is the front of the app (a worker or a search engine is depended on)
  const dependedOn = new Set(services.flatMap(([, svc]) => (Array.isArray(svc.depends_on) ? svc.depends_on : isObject(svc.depends_on) ? Object.keys(svc.depends_on) : [])));
  const publishing = app.find(([, svc]) => Array.isArray(svc.ports) && svc.ports.length > 0);
  const routed = publishing ? undefined : app.find(([, svc]) => routedByProxy(svc));
  const web = publishing ?? routed ?? app.find(([n]) => !dependedOn.has(n)) ?? app[0];
  const block: Record<string, unknown> = isObject(given) ? { ...given } : {};
  if (!isObject(given)) {
    block.description = typeof doc.name === 'string' && doc.name ? `${doc.name} (from its compose file)` : `${name} (from its compose file)`;
    f.notes.push({ key: 'x-summoner', message: 'not given: Summoner guessed the web service and its port (below); add the x-summoner block of minions/README.md to choose', warning: true });
  }
  if (web) {
    block.web = { service: web[0] };
    const why = web === publishing ? 'the first service publishing a port that is no database or cache' : web === routed ? 'the first service the file routes a reverse proxy to (VIRTUAL_HOST, Traefik or caddy-docker-proxy labels)' : 'the first service that is no database or cache';
    f.notes.push({ key: 'x-summoner.web.service', message: `${web[0]} (guessed: ${why})`, warning: true });
  }
  return block;
}

/** The base's keys, then the service's own: mappings merged, the lists of EXTENDS_ADDS added up, the rest replaced. */
function mergeExtended(from: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...from };
  for (const [k, v] of Object.entries(own)) {
    const b = from[k];
    if (Array.isArray(b) && Array.isArray(v) && EXTENDS_ADDS.has(k)) merged[k] = [...b, ...v.filter((x) => !b.some((y) => JSON.stringify(y) === JSON.stringify(x)))];
    else if (isObject(b) && isObject(v)) merged[k] = { ...b, ...v };
    else merged[k] = v;
  }
  return merged;
}

/** Compose keys whose lists add up under `extends` (the others are replaced by the extending service's). */
const EXTENDS_ADDS = new Set(['ports', 'expose', 'volumes', 'dns', 'dns_search', 'tmpfs', 'secrets', 'configs', 'cap_drop', 'security_opt', 'devices', 'cap_add', 'external_links', 'links']);

/**
 * `extends: <service>` / `{ service }` of a service in the same file: the base's keys, then the service's own
 * (mappings merged, the lists above added up, anything else replaced), as compose merges them. A note each;
 * `extends: { file }` and a loop are problems (copy the keys in).
 */
function resolveExtends(services: Record<string, unknown>, f: Findings, folder: FolderAccess, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const resolving = new Set<string>();
  const resolve = (name: string): unknown => {
    if (Object.hasOwn(out, name)) return out[name];
    const svc = services[name];
    if (!isObject(svc) || svc.extends === undefined) return (out[name] = svc);
    const ext = svc.extends;
    const at = keyOf(['services', name, 'extends']);
    const { extends: _drop, ...own } = svc;
    const base = typeof ext === 'string' ? ext : isObject(ext) && typeof ext.service === 'string' ? ext.service : undefined;
    if (base === undefined) {
      f.issues.push({ key: at, message: 'extends names a service: extends: <service>, or { service, file }' });
      return (out[name] = own);
    }
    if (isObject(ext) && ext.file !== undefined) {
      // a service of a file beside this one, with its own extends resolved in that file
      const other = depth < 5 ? siblingCompose(ext.file, ['services', name, 'extends', 'file'], folder, f) : undefined;
      if (depth >= 5) f.issues.push({ key: at, message: 'extends nested more than 5 files deep' });
      const from = other && isObject(other.services) ? resolveExtends(other.services, f, folder, depth + 1)[base] : undefined;
      if (!other) return (out[name] = own);
      if (!isObject(from)) {
        f.issues.push({ key: at, message: `no service ${JSON.stringify(base)} under services in ${String(ext.file)}` });
        return (out[name] = own);
      }
      f.notes.push({ key: at, message: `normalised: the keys of ${base} in ${String(ext.file)} merged in (its own keys win), as compose does` });
      return (out[name] = mergeExtended(from, own));
    }
    if (!isObject(services[base]) || resolving.has(base) || base === name) {
      f.issues.push({ key: at, message: resolving.has(base) || base === name ? `extends ${base} loops back to ${name}` : `no service ${JSON.stringify(base)} under services to extend` });
      return (out[name] = own);
    }
    resolving.add(name);
    const from = resolve(base) as Record<string, unknown>;
    resolving.delete(name);
    f.notes.push({ key: at, message: `normalised: the keys of ${base} merged in (its own keys win), as compose does` });
    return (out[name] = mergeExtended(from, own));
  };
  // in the file's order (a base may have been resolved first)
  return Object.fromEntries(Object.keys(services).map((name) => [name, resolve(name)]));
}

/**
 * `environment:` with nothing under it but comments (a common slip of documented files) is YAML's null, which
 * docker compose refuses ("must be a mapping") though its meaning is plain: Summoner reads the key as absent.
 */
function withoutEmptyKeys(name: string, svc: Record<string, unknown>, f: Findings): Record<string, unknown> {
  const empty = Object.keys(svc).filter((k) => svc[k] === null);
  for (const k of empty) f.notes.push({ key: keyOf(['services', name, k]), message: 'ignored: empty (nothing under it but comments), read as absent; docker compose itself refuses it ("must be a mapping"): remove the key or give it entries', warning: true });
  return empty.length ? Object.fromEntries(Object.entries(svc).filter(([, v]) => v !== null)) : svc;
}

/**
 * `links: [db, redis]` also orders the start, as `depends_on` does (the Compose Specification says so): the
 * names are replaced by the private network, the order is kept, each link a dependency on the service started.
 */
function linksAsDependencies(services: Record<string, unknown>, parsed: Map<string, ParsedService>, f: Findings): void {
  for (const [name, p] of parsed) {
    const links = (services[name] as Record<string, unknown>).links;
    if (!Array.isArray(links)) continue;
    const added: string[] = [];
    for (const link of links) {
      const target = String(link).split(':')[0]!;
      if (target === name || !parsed.has(target) || p.dependsOn.some((d) => d.service === target)) continue;
      p.dependsOn.push({ service: target, condition: 'service_started', required: true, restart: false });
      added.push(target);
    }
    if (added.length) f.notes.push({ key: keyOf(['services', name, 'links']), message: `kept as an order: ${name} starts after ${added.join(', ')}, as a link implies in compose` });
  }
}

export function minionFromDoc(given: Record<string, unknown>, src: MinionSource): MinionResult {
  const f: Findings = { issues: [], notes: [...(src.notes ?? [])] };
  const folder = src.folder ?? NO_FOLDER;
  const doc = resolveIncludes(given, folder, f);
  const xr = xSummonerSchema().safeParse(withGuesses(doc, src.name, f));
  const x: XSummoner | undefined = xr.success ? xr.data : undefined;
  const rawServices = isObject(doc.services) ? servicesOfActiveProfiles(resolveExtends(doc.services, f, folder), activeProfiles(doc), f) : {};
  const order = Object.keys(rawServices);
  const fail = (): MinionResult => ({ ok: false, issues: ordered(f.issues.length ? f.issues : [{ key: 'services', message: 'incomplete' }], order), notes: ordered(f.notes, order) });

  // interpolation settled first (compose validates the interpolated file too), then the specification,
  // then every service read: all of them, whatever the others' problems
  const scope: VariableScope = {
    known: new Set<string>([...BUILTIN_VARIABLES, ...Object.keys(x?.variables ?? {})]),
    dotenv: readDotenv(folder, f),
    generated: new Set(),
  };
  const services: Record<string, unknown> = Object.fromEntries(Object.entries(rawServices).map(([name, raw]) => [name, isObject(raw) ? normaliseService(name, withoutEmptyKeys(name, raw, f), scope, f) : raw]));
  f.issues.unshift(...composeSchemaIssues(isObject(doc.services) ? { ...doc, services } : doc));
  topLevelIssues(doc, src.name, f);
  const declared = declaredVolumes(doc, f);
  if (!xr.success) f.issues.push(...xIssues(xr.error));
  const parsed = new Map<string, ParsedService>();
  for (const [name, svc] of Object.entries(services)) {
    if (!isObject(svc)) continue;
    parsed.set(name, parseService(name, svc, declared, f, folder, scope.dotenv));
  }
  const aliases = composeAliases(services, f);
  // volumes_from first: it shares named volumes, not another service's secrets or configs
  resolveVolumesFrom(parsed, f);
  linksAsDependencies(services, parsed, f);
  const secretFiles = [...serviceSecretFiles(doc.secrets, parsed, declared, scope, folder, f), ...serviceConfigFiles(doc.configs, parsed, declared, scope, folder, f)];
  const refs = new Map<string, ImageRef>();
  for (const [name, p] of parsed) {
    if (p.image === undefined && p.build) {
      // built from the minion's folder when summoned; the tag (a hash of the context) is settled then
      if (!src.folder) f.issues.push({ key: keyOf(['services', name, 'build']), message: 'a minion built from a Dockerfile lives in its own folder (<catalogDir>/<name>/compose.yml beside its sources)' });
      else refs.set(name, { repository: `summoner-build/${src.name}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`, tag: 'build', floating: false });
      continue;
    }
    if (p.image === undefined) continue;
    const r = parseImageRef(p.image);
    if (!r.ok) f.issues.push({ key: keyOf(['services', name, 'image']), message: r.message });
    else {
      refs.set(name, r.ref);
      if (r.ref.floating) {
        f.notes.push({
          key: keyOf(['services', name, 'image']),
          message: `${p.image} is a floating tag (it moves under the same name): pin a release, ideally repository:tag@sha256:…`,
          warning: true,
        });
      }
    }
  }
  // dependencies point at services of the file
  for (const [name, p] of parsed) {
    for (const d of p.dependsOn) {
      if (!parsed.has(d.service)) f.issues.push({ key: keyOf(['services', name, 'depends_on', d.service]), message: `no service ${JSON.stringify(d.service)} in this file` });
    }
  }
  if (!x) return fail();

  // roles: the declared web and database services, x-summoner.roles, then inferred from image, name and ports
  const webName = x.web.service;
  const roles = new Map<string, ServiceRole>();
  if (!parsed.has(webName)) f.issues.push({ key: 'x-summoner.web.service', message: `no service ${JSON.stringify(webName)} under services` });
  else roles.set(webName, 'web');
  let dbName = x.database?.service;
  if (dbName !== undefined) {
    if (dbName === webName) f.issues.push({ key: 'x-summoner.database.service', message: 'the database must be a service of its own' });
    else if (!parsed.has(dbName)) f.issues.push({ key: 'x-summoner.database.service', message: `no service ${JSON.stringify(dbName)} under services` });
    else roles.set(dbName, 'database');
  }
  for (const [name, role] of Object.entries(x.roles)) {
    if (!parsed.has(name)) f.issues.push({ key: keyOf(['x-summoner', 'roles', name]), message: `no service ${JSON.stringify(name)} under services` });
    else if (roles.has(name) && roles.get(name) !== role) f.issues.push({ key: keyOf(['x-summoner', 'roles', name]), message: `${name} is already the ${roles.get(name)} service named in x-summoner` });
    else roles.set(name, role);
  }
  for (const [name, p] of parsed) {
    if (roles.has(name)) continue;
    const awaitedRunning = [...parsed.values()].some((o) => o.dependsOn.some((d) => d.service === name && d.condition !== 'service_completed_successfully'));
    const r = inferRole(name, refs.get(name)?.repository, p, awaitedRunning);
    roles.set(name, r.role);
    f.notes.push({ key: keyOf(['services', name]), message: `role ${r.role} (inferred: ${r.why}); set x-summoner.roles.${name} to change it` });
  }
  const dbTypes = new Map<string, DbType>();
  /** databases of a type Summoner cannot dump (ClickHouse…): the cold copy covers their volumes */
  const undumped: string[] = [];
  for (const [name, role] of roles) {
    if (role !== 'database') continue;
    const type = name === dbName && x.database ? x.database.type : refs.has(name) ? dbTypeOfImage(refs.get(name)!.repository) : undefined;
    if (type) dbTypes.set(name, type);
    else if (refs.has(name)) undumped.push(name);
  }
  if (dbName === undefined) {
    dbName = [...dbTypes.keys()][0];
    if (dbName) f.notes.push({ key: keyOf(['services', dbName]), message: `the database Summoner dumps and checks: ${dbName} (${dbTypes.get(dbName)}); name another in x-summoner.database` });
  }

  // published ports: the web port is served by the proxy; other roles stay on the private network
  const webPorts = new Map<string, number>();
  for (const [name, p] of parsed) {
    const role = roles.get(name);
    if (role === 'web') {
      let port = name === webName ? x.web.port : undefined;
      if (port === undefined) {
        // HTTP is TCP: a UDP port is never the web port
        const candidates = [...new Set(p.ports.filter((q) => q.protocol === 'tcp').map((q) => q.container))];
        if (candidates.length >= 1) {
          port = candidates[0];
          f.notes.push({ key: name === webName ? 'x-summoner.web.port' : keyOf(['services', name, 'ports']), message: `the web port is ${port}, read from its ports` });
        } else if (p.proxyPort) {
          // nothing published: the file was written for a reverse proxy, and told it the port
          port = p.proxyPort;
          f.notes.push({ key: name === webName ? 'x-summoner.web.port' : keyOf(['services', name]), message: `the web port is ${port}, read from what the file tells its reverse proxy (VIRTUAL_PORT, a Traefik port label or caddy-docker-proxy's {{upstreams}})` });
        } else if (p.expose?.length) {
          // nothing published: the app expects its own reverse proxy, which reaches the port it exposes
          port = p.expose[0];
          f.notes.push({ key: name === webName ? 'x-summoner.web.port' : keyOf(['services', name, 'expose']), message: `the web port is ${port}, read from its expose (nothing is published)` });
        } else {
          f.issues.push({ key: name === webName ? 'x-summoner.web.port' : keyOf(['x-summoner', 'roles', name]), message: `the HTTP port of ${name} cannot be read from its ports: set x-summoner.web.port` });
        }
      }
      if (port !== undefined) webPorts.set(name, port);
      p.ports = p.ports.filter((q, i) => {
        if (q.container === port && q.protocol === 'tcp') {
          f.notes.push({ key: keyOf(['services', name, 'ports', i]), message: `not published: the proxy serves port ${port} at the app's https address` });
          return false;
        }
        // the app's own HTTPS beside its HTTP port: the proxy terminates TLS, and the host's 443 is the proxy's
        if (q.container === 443 && q.protocol === 'tcp') {
          f.notes.push({ key: keyOf(['services', name, 'ports', i]), message: `not published: port 443 is the app's own HTTPS; the proxy serves HTTPS at the app's address (forwarding to port ${port})` });
          return false;
        }
        if (q.host === undefined) {
          f.notes.push({ key: keyOf(['services', name, 'ports', i]), message: 'not published: no host port given (reachable on the private network)' });
          return false;
        }
        return true;
      });
    } else if (p.ports.length) {
      // a worker's UDP port published for all is what it serves outside (a media relay, TURN): kept, as the
      // web services' other ports are; anything else of a worker, database, cache or job stays private
      const kept = role === 'worker' ? p.ports.filter((q) => q.protocol === 'udp' && q.host !== undefined && !q.loopback) : [];
      const shown = kept.slice(0, 4).map((q) => `${q.host}:${q.container}/udp`).join(', ') + (kept.length > 4 ? ` and ${kept.length - 4} more` : '');
      if (kept.length) f.notes.push({ key: keyOf(['services', name, 'ports']), message: `published: its UDP port${kept.length > 1 ? 's' : ''} ${shown} (what a worker serves outside, not HTTP)` });
      if (kept.length < p.ports.length) f.notes.push({ key: keyOf(['services', name, 'ports']), message: `not published: ${kept.length ? 'its other ports (a worker is' : `a ${role} is`} reachable on the app's private network only${kept.length ? ')' : ''}` });
      p.ports = kept;
    }
  }

  // variables: references resolve; generated values and built-ins only inside `value`s (one level, no cycles)
  const known = new Set<string>([...BUILTIN_VARIABLES, ...Object.keys(x.variables), ...scope.generated]);
  const generated = new Set<string>([...BUILTIN_VARIABLES, ...scope.generated, ...Object.entries(x.variables).filter(([, v]) => v.generate).map(([k]) => k)]);
  const hasDb = dbName !== undefined;
  for (const [name, v] of Object.entries(x.variables)) {
    if (v.value !== undefined) {
      const key = keyOf(['x-summoner', 'variables', name, 'value']);
      const before = f.issues.length;
      checkReferences(v.value, key, known, hasDb, f.issues);
      if (f.issues.length === before) {
        const r = referencedNames(v.value);
        const other = r.ok ? r.names.find((n) => !generated.has(n)) : undefined;
        if (other) f.issues.push({ key, message: `a value may use built-ins and generated secrets, not another value variable (${other})` });
      }
    }
  }
  for (const [name, p] of parsed) serviceReferences(name, p, known, hasDb, f.issues);

  // volumes: a database's own volumes live under dbRoot, everything else under dataRoot
  const users = new Map<string, Set<ServiceRole>>();
  for (const [name, p] of parsed) for (const v of p.volumes) (users.get(v.name) ?? users.set(v.name, new Set()).get(v.name)!).add(roles.get(name) ?? 'worker');
  for (const [vol, r] of users) {
    if (r.has('database') && r.size > 1) f.notes.push({ key: keyOf(['volumes', vol]), message: `shared by a database and other services: kept under the data root (not the database root)` });
  }
  const mounted = new Set(users.keys());
  const seenFiles = new Set<string>();
  x.files.forEach((file, i) => {
    const at = ['x-summoner', 'files', i] as Segment[];
    if (!mounted.has(file.volume)) f.issues.push({ key: keyOf([...at, 'volume']), message: `volume ${file.volume} is not mounted by any service` });
    const id = `${file.volume}/${file.path}`;
    if (seenFiles.has(id)) f.issues.push({ key: keyOf([...at, 'path']), message: `${id} is written twice` });
    seenFiles.add(id);
    checkReferences(file.content, keyOf([...at, 'content']), known, hasDb, f.issues);
  });

  // the primary database: version from the declaration or the image tag, within what the app supports
  let dbVersion: string | undefined;
  const dbRef = dbName ? refs.get(dbName) : undefined;
  if (dbName && dbRef) {
    const fromTag = versionOfTag(dbRef.tag);
    dbVersion = x.database?.version ?? fromTag;
    const key = x.database?.version ? 'x-summoner.database.version' : keyOf(['services', dbName, 'image']);
    if (!dbVersion) {
      dbVersion = dbRef.tag;
      if (x.database?.supports) f.notes.push({ key, message: `no version can be read from the tag ${dbRef.tag}: the supported versions (${x.database.supports}) are not checked; declare x-summoner.database.version`, warning: true });
    } else if (x.database?.version && fromTag && !sameVersion(fromTag, x.database.version)) {
      f.issues.push({ key, message: `declared ${x.database.version}, but the image tag is ${dbRef.tag}` });
    } else if (x.database?.supports && !versionSatisfies(dbVersion, x.database.supports)) {
      f.issues.push({ key, message: `${dbTypes.get(dbName)} ${dbVersion} is outside what the app supports (${x.database.supports})` });
    }
  }
  const backupKind = typeof x.backup === 'object' ? x.backup.kind : x.backup;
  const method = typeof x.backup === 'object' ? x.backup.method : 'logical';
  const backup = backupKind ?? (dbName ? 'both' : 'cold');
  if (method === 'physical' && dbName && dbTypes.get(dbName) !== 'mariadb') f.issues.push({ key: 'x-summoner.backup.method', message: `physical backups are made for MariaDB (mariadb-backup); ${dbTypes.get(dbName)} is backed up logically: remove method: physical` });
  if (method === 'physical' && !dbName) f.issues.push({ key: 'x-summoner.backup.method', message: 'a physical backup copies the database server, and there is none: remove method: physical' });
  if (backupKind === undefined) f.notes.push({ key: 'x-summoner.backup', message: `backup: ${backup} (the default${dbName ? ' with a database' : ' without a database'})` });
  if (backup !== 'cold' && !dbName) f.issues.push({ key: 'x-summoner.backup', message: 'a hot backup dumps the database, and there is none: use cold' });
  for (const name of undumped) {
    const covered = backup !== 'hot';
    f.notes.push({
      key: keyOf(['services', name]),
      message: covered
        ? `database ${name} (${refs.get(name)!.repository}): Summoner has no dump for it; the cold copy (the app stopped) covers its volumes`
        : `database ${name} (${refs.get(name)!.repository}): Summoner has no dump for it, and backup: hot takes none of its volumes; use backup: both`,
      ...(covered ? {} : { warning: true }),
    });
  }
  const dumped = [...dbTypes.keys()].filter((n) => n !== dbName);
  if (dumped.length && backup !== 'cold') f.notes.push({ key: 'x-summoner.backup', message: `every database is dumped: ${[dbName, ...dumped].join(', ')}` });
  const requires = x.requires ?? { memoryMb: 512, diskMb: 1024 };
  if (!x.requires) f.notes.push({ key: 'x-summoner.requires', message: 'requires: 512 MB of memory and 1 GB of disk assumed; set x-summoner.requires to what the app needs' });

  const subdomain = x.subdomain ?? src.name;
  if (!x.subdomain && !DNS_LABEL.test(subdomain)) {
    f.issues.push({ key: 'x-summoner.subdomain', message: `the name ${src.name} is not a DNS label: set a subdomain (letters, digits, dashes)` });
  }
  // every web service at its own host name: the first at the minion's, the others at <subdomain>-<service>
  const webSubdomains = new Map<string, string>([[webName, subdomain]]);
  for (const name of Object.keys(x.subdomains)) {
    if (!parsed.has(name)) f.issues.push({ key: keyOf(['x-summoner', 'subdomains', name]), message: `no service ${JSON.stringify(name)} under services` });
    else if (roles.get(name) !== 'web') f.issues.push({ key: keyOf(['x-summoner', 'subdomains', name]), message: `${name} is a ${roles.get(name)}, not a web service: only web services are served` });
    else if (name === webName) f.issues.push({ key: keyOf(['x-summoner', 'subdomains', name]), message: `${name} is the main web service: set x-summoner.subdomain instead` });
  }
  for (const [name] of webPorts) {
    if (name === webName) continue;
    const given = x.subdomains[name];
    // a service named after the app (penpot-mailcatch, onlyoffice-example) does not say the app's name twice
    const label = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    const own = label.startsWith(`${src.name.toLowerCase()}-`) ? label.slice(src.name.length + 1) : label;
    const sub = given ?? `${subdomain}-${own}`.slice(0, 63).replace(/-+$/, '');
    const key = given ? keyOf(['x-summoner', 'subdomains', name]) : keyOf(['services', name]);
    const taken = [...webSubdomains].find(([, s]) => s === sub);
    if (taken) f.issues.push({ key, message: `the subdomain ${sub} is already ${taken[0]}'s: set x-summoner.subdomains.${name}` });
    else if (!DNS_LABEL.test(sub)) f.issues.push({ key, message: `${sub} is not a DNS label: set x-summoner.subdomains.${name}` });
    else {
      webSubdomains.set(name, sub);
      if (!given) f.notes.push({ key, message: `a second web service: served at ${sub}.<domain> (set x-summoner.subdomains.${name} to change it)` });
    }
  }
  const webRef = refs.get(webName);
  const webPort = webPorts.get(webName);
  if (f.issues.length || !webRef || webPort === undefined || (dbName && (!dbRef || !dbVersion))) return fail();

  // each service in Summoner's terms
  const specOf = (name: string): MinionService => {
    const p = parsed.get(name)!;
    const ref = refs.get(name)!;
    const role = roles.get(name)!;
    const port = webPorts.get(name);
    const dbType = dbTypes.get(name);
    let h: HealthSpec;
    if (name === webName && x.web.health) h = health(x.web.health, webPort);
    else if (name === dbName && x.database?.health) h = health(x.database.health, x.database.port ?? DB_DEFAULT_PORT[dbType!]);
    else if (p.health?.exec) h = { exec: p.health.exec, intervalS: p.health.intervalS, timeoutS: p.health.timeoutS };
    else if (dbType) h = health(defaultDbHealth(dbType, (name === dbName ? x.database?.port : undefined) ?? DB_DEFAULT_PORT[dbType]), 0);
    else if (role === 'web' && port !== undefined) {
      h = { http: { path: '/', port }, timeoutS: 120, intervalS: 5 };
      if (name === webName) f.notes.push({ key: 'x-summoner.web.health', message: `health: an HTTP GET on / (port ${port}) answering 200–399; set x-summoner.web.health if the app answers otherwise` });
    } else h = { timeoutS: 120, intervalS: 5 };
    const owner = name === webName ? x.web.owner : name === dbName ? x.database?.owner : undefined;
    const limits = Object.keys(p.limits).length ? p.limits : undefined;
    const spec: ServiceSpec = {
      service: name,
      image: ref.repository,
      tag: ref.tag,
      ...(ref.digest ? { digest: ref.digest } : {}),
      environment: p.environment,
      ...(aliases.get(name)?.length ? { aliases: aliases.get(name)! } : {}),
      ...(p.command ? { command: p.command } : {}),
      ...(p.entrypoint ? { entrypoint: p.entrypoint } : {}),
      volumes: p.volumes.map((v) => ({ name: v.name, target: v.target, ...(v.readOnly ? { readOnly: true } : {}), ...(v.subpath ? { subpath: v.subpath } : {}), ...(v.file ? { file: true as const } : {}) })),
      ports: p.ports.flatMap((q) => (q.host === undefined ? [] : [{ host: q.host, container: q.container, protocol: q.protocol }])),
      ...(p.user ? { user: p.user } : {}),
      health: h,
      ...(owner ? { owner } : {}),
      ...(p.dependsOn.length ? { dependsOn: p.dependsOn } : {}),
      ...(limits ? { limits } : {}),
      ...(p.build ? { build: { root: dirname(src.file), ...p.build } } : {}),
    };
    const sub = webSubdomains.get(name);
    return { ...spec, role, ...(port !== undefined ? { port } : {}), ...(sub ? { subdomain: sub } : {}), ...(dbType ? { dbType } : {}), ...(p.health ? { hasHealthcheck: true } : {}) };
  };
  const deps = new Map([...parsed].map(([n, p]) => [n, p.dependsOn]));
  const all = dependencyOrder(order.filter((n) => parsed.has(n)), deps).map(specOf);
  const webSvc = all.find((s) => s.service === webName)!;
  const dbSvc = dbName ? all.find((s) => s.service === dbName) : undefined;
  const strip = ({ role: _r, port: _p, subdomain: _s, dbType: _d, hasHealthcheck: _h, ...rest }: MinionService): ServiceSpec => rest;

  const minion: Minion = {
    name: src.name,
    file: src.file,
    origin: src.origin,
    digest: src.digest,
    description: x.description,
    subdomain,
    web: { ...strip(webSvc), port: webPort },
    variables: {
      ...Object.fromEntries([...scope.generated].map((k) => [k, { generate: 'password', length: 32, secret: true } as VariableSpec])),
      ...Object.fromEntries(Object.entries(x.variables).map(([k, v]) => [k, variableSpec(v)])),
    },
    services: all,
    volumes: [...new Set([...declared, ...users.keys()])],
    notes: ordered(f.notes, order),
    backup: { hot: backup !== 'cold', cold: backup !== 'hot', ...(method === 'physical' ? { method } : {}) },
    proxy: x.proxy,
    requires,
    ...(x.files.length || secretFiles.length ? { files: [...x.files.map((file) => ({ volume: file.volume, path: file.path, content: file.content, mode: file.mode })), ...secretFiles] } : {}),
  };
  if (dbSvc && dbVersion) {
    const type = dbTypes.get(dbSvc.service)!;
    minion.database = {
      ...strip(dbSvc),
      type,
      version: dbVersion,
      supports: x.database?.supports ?? '*',
      port: x.database?.port ?? DB_DEFAULT_PORT[type],
    };
  }
  return { ok: true, minion, override: x.override };
}
