// One parsed catalog document → a `Minion`, or the list of what is wrong with it, each issue at its key
// (`services.web.privileged`, `x-summoner.database.type`). Pure: the loader reads the file and hands the
// document in. Order: the Compose Specification, Summoner's refusals, x-summoner, then the checks that
// tie them together (roles, variables, pinned images, database version, files).
import type { z } from 'zod';
import type { HealthSpec, Minion, ServiceSpec, VariableSpec } from '../types.js';
import { composeSchemaIssues, declaredVolumes, keyOf, parseService, topLevelIssues, type KeyIssue, type ParsedService, type Segment } from './compose.js';
import { referencedNames } from './interpolate.js';
import { DNS_LABEL, parseImageRef } from './names.js';
import {
  BUILTIN_VARIABLES,
  DB_DEFAULT_PORT,
  defaultDbHealth,
  versionOfTag,
  versionSatisfies,
  xSummonerSchema,
  type HealthInput,
  type XSummoner,
} from './schema.js';

export interface MinionSource {
  name: string;
  file: string;
  origin: 'shipped' | 'custom';
  digest: string;
}

export type MinionResult = { ok: true; minion: Minion; override: boolean } | { ok: false; issues: KeyIssue[] };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

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

/** The most useful issue per key, in order. */
function dedupe(issues: KeyIssue[]): KeyIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.key) ? false : (seen.add(i.key), true)));
}

/** Every `${VAR}` must be a built-in or a declared variable (DB_HOST only with a database). */
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

function serviceSpec(name: string, svc: ParsedService, tag: string, repository: string, h: HealthSpec, owner: { uid: number; gid: number } | undefined): ServiceSpec {
  return {
    service: name,
    image: repository,
    tag,
    environment: svc.environment,
    ...(svc.command ? { command: svc.command } : {}),
    ...(svc.entrypoint ? { entrypoint: svc.entrypoint } : {}),
    volumes: svc.volumes.map((v) => ({ name: v.name, target: v.target, ...(v.readOnly ? { readOnly: true } : {}) })),
    ports: svc.ports,
    ...(svc.user ? { user: svc.user } : {}),
    health: h,
    ...(owner ? { owner } : {}),
  };
}

function variableSpec(v: XSummoner['variables'][string]): VariableSpec {
  if (v.generate) return { generate: v.generate, secret: true, ...(v.length ? { length: v.length } : {}), ...(v.user ? { user: v.user } : {}) };
  return { value: v.value ?? '' };
}

/** Same version at the precision both give: "11.4" ~ "11.4.7", "16" ~ "16.6". */
const sameVersion = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

export function minionFromDoc(doc: Record<string, unknown>, src: MinionSource): MinionResult {
  const issues: KeyIssue[] = [...composeSchemaIssues(doc), ...topLevelIssues(doc, src.name)];
  const declared = declaredVolumes(doc, issues);
  const xr = xSummonerSchema.safeParse(doc['x-summoner']);
  if (!xr.success) issues.push(...xIssues(xr.error));
  const services = isObject(doc.services) ? doc.services : {};
  if (!xr.success) {
    // roles unknown: still report what every service would be refused for
    for (const [name, raw] of Object.entries(services)) if (isObject(raw)) parseService(name, raw, declared, issues);
    return { ok: false, issues: dedupe(issues) };
  }
  const x = xr.data;

  // roles: one web service, at most one database service, nothing else
  const webName = x.web.service;
  const dbName = x.database?.service;
  if (!isObject(services[webName])) issues.push({ key: 'x-summoner.web.service', message: `no service ${JSON.stringify(webName)} under services` });
  if (dbName !== undefined) {
    if (dbName === webName) issues.push({ key: 'x-summoner.database.service', message: 'the database must be a service of its own' });
    else if (!isObject(services[dbName])) issues.push({ key: 'x-summoner.database.service', message: `no service ${JSON.stringify(dbName)} under services` });
  }
  for (const name of Object.keys(services)) {
    if (name !== webName && name !== dbName) {
      issues.push({ key: keyOf(['services', name]), message: 'a minion runs its web service and at most one database: name this one in x-summoner (web or database), or remove it' });
    }
  }

  const parsed = new Map<string, ParsedService>();
  for (const name of [webName, dbName]) {
    const raw = name === undefined ? undefined : services[name];
    if (name === undefined || !isObject(raw)) continue;
    const p = parseService(name, raw, declared, issues);
    if (p) parsed.set(name, p);
  }
  const refs = new Map<string, { repository: string; tag: string }>();
  for (const [name, p] of parsed) {
    const r = parseImageRef(p.image);
    if (!r.ok) issues.push({ key: keyOf(['services', name, 'image']), message: r.message });
    else refs.set(name, r.ref);
  }

  // variables: references resolve; generated values and built-ins only inside `value`s (one level, no cycles)
  const known = new Set<string>([...BUILTIN_VARIABLES, ...Object.keys(x.variables)]);
  const generated = new Set<string>([...BUILTIN_VARIABLES, ...Object.entries(x.variables).filter(([, v]) => v.generate).map(([k]) => k)]);
  const hasDb = !!x.database;
  for (const [name, v] of Object.entries(x.variables)) {
    if (v.value !== undefined) {
      const key = keyOf(['x-summoner', 'variables', name, 'value']);
      const before = issues.length;
      checkReferences(v.value, key, known, hasDb, issues);
      if (issues.length === before) {
        const r = referencedNames(v.value);
        const other = r.ok ? r.names.find((n) => !generated.has(n)) : undefined;
        if (other) issues.push({ key, message: `a value may use built-ins and generated secrets, not another value variable (${other})` });
      }
    }
  }
  for (const [name, p] of parsed) serviceReferences(name, p, known, hasDb, issues);
  if (dbName && parsed.get(dbName)?.ports.length) {
    issues.push({ key: keyOf(['services', dbName, 'ports']), message: "refused: a database is reachable on the app's private network only" });
  }

  // a volume belongs to one service: app data lives under dataRoot, database files under dbRoot
  const web = parsed.get(webName);
  const db = dbName ? parsed.get(dbName) : undefined;
  if (web && db) {
    const webVols = new Set(web.volumes.map((v) => v.name));
    db.volumes.forEach((v, i) => {
      if (webVols.has(v.name)) issues.push({ key: keyOf(['services', dbName!, 'volumes', i]), message: `volume ${v.name} is also the web service's: give each service its own volumes` });
    });
  }

  // files go into a mounted volume, once each, with resolvable content
  const mounted = new Set([...(web?.volumes ?? []), ...(db?.volumes ?? [])].map((v) => v.name));
  const seenFiles = new Set<string>();
  x.files.forEach((f, i) => {
    const at = ['x-summoner', 'files', i] as Segment[];
    if (!mounted.has(f.volume)) issues.push({ key: keyOf([...at, 'volume']), message: `volume ${f.volume} is not mounted by the web or database service` });
    const id = `${f.volume}/${f.path}`;
    if (seenFiles.has(id)) issues.push({ key: keyOf([...at, 'path']), message: `${id} is written twice` });
    seenFiles.add(id);
    checkReferences(f.content, keyOf([...at, 'content']), known, hasDb, issues);
  });

  // database version: from the declaration or the image tag, and within what the app supports
  let dbVersion: string | undefined;
  const dbRef = dbName ? refs.get(dbName) : undefined;
  if (x.database && dbRef) {
    const fromTag = versionOfTag(dbRef.tag);
    dbVersion = x.database.version ?? fromTag;
    const key = x.database.version ? 'x-summoner.database.version' : keyOf(['services', x.database.service, 'image']);
    if (!dbVersion) {
      issues.push({ key: 'x-summoner.database.version', message: `no version can be read from the tag ${dbRef.tag}: declare it, e.g. version: "16"` });
    } else if (x.database.version && fromTag && !sameVersion(fromTag, x.database.version)) {
      issues.push({ key, message: `declared ${x.database.version}, but the image tag is ${dbRef.tag}` });
    } else if (!versionSatisfies(dbVersion, x.database.supports)) {
      issues.push({ key, message: `${x.database.type} ${dbVersion} is outside what the app supports (${x.database.supports})` });
    }
  }

  const subdomain = x.subdomain ?? src.name;
  if (!x.subdomain && !DNS_LABEL.test(subdomain)) {
    issues.push({ key: 'x-summoner.subdomain', message: `the name ${src.name} is not a DNS label: set a subdomain (letters, digits, dashes)` });
  }

  const webRef = refs.get(webName);
  if (issues.length || !web || !webRef || (x.database && (!db || !dbRef || !dbVersion))) {
    // the last case only happens alongside an issue already reported; keep one in any case
    return { ok: false, issues: dedupe(issues.length ? issues : [{ key: 'services', message: 'incomplete' }]) };
  }

  const minion: Minion = {
    name: src.name,
    file: src.file,
    origin: src.origin,
    digest: src.digest,
    description: x.description,
    subdomain,
    web: { ...serviceSpec(webName, web, webRef.tag, webRef.repository, health(x.web.health, x.web.port), x.web.owner), port: x.web.port },
    variables: Object.fromEntries(Object.entries(x.variables).map(([k, v]) => [k, variableSpec(v)])),
    backup: { hot: x.backup !== 'cold', cold: x.backup !== 'hot' },
    proxy: x.proxy,
    requires: x.requires,
    ...(x.files.length ? { files: x.files.map((f) => ({ volume: f.volume, path: f.path, content: f.content, mode: f.mode })) } : {}),
  };
  if (x.database && db && dbRef && dbVersion) {
    const port = x.database.port ?? DB_DEFAULT_PORT[x.database.type];
    minion.database = {
      ...serviceSpec(x.database.service, db, dbRef.tag, dbRef.repository, health(x.database.health ?? defaultDbHealth(x.database.type, port), port), x.database.owner),
      type: x.database.type,
      version: dbVersion,
      supports: x.database.supports,
      port,
    };
  }
  return { ok: true, minion, override: x.override };
}
