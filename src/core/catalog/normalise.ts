// Compose interpolation, normalised when a file loads: what docker compose would take from the shell or a
// `.env` file is settled here, once, and reported, so that only Summoner's own `${NAME}` references (built-ins,
// x-summoner.variables, generated secrets) reach a plan.
//   ${A:-default} / ${A-default}  unset → the default (then the usual checks apply to the result); for a
//                                 secret-like name, a generated secret instead (a password in the file is none)
//   ${A:?message}                 unset → a problem naming A
//   ${A:+alt}                     unset → empty
//   ${A}                          in the minion folder's .env → its value; a secret-like name (…PASSWORD,
//                                 …SECRET, …TOKEN, …_KEY) → a generated secret; otherwise empty, as compose
//                                 does, with a warning
// A volume source that is only an unset variable (`${UPLOAD_LOCATION}:/data`) becomes an app-relative folder
// (`./upload_location`), which the volume rules then turn into a named volume.
import type { CatalogNote } from '../types.js';
import { escapeTemplate, parseTemplate } from './interpolate.js';
import { VARIABLE_NAME } from './names.js';
import { BUILTIN_VARIABLES } from './schema.js';
import { keyOf, type Findings, type Segment } from './compose.js';

export interface VariableScope {
  /** Built-ins and x-summoner.variables: kept as `${NAME}`. */
  known: Set<string>;
  /** The minion folder's `.env`. */
  dotenv: Record<string, string>;
  /** Secret-like names this file uses without declaring them: generated once per app. */
  generated: Set<string>;
}

const SECRET_LIKE = /(PASSWORD|PASSWD|_PASS$|^PASS$|SECRET|TOKEN|_KEY$|^KEY$|SALT$)/;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function text(value: string, path: Segment[], scope: VariableScope, f: Findings, seen: Set<string>): string {
  const p = parseTemplate(value, { loneDollar: 'literal' });
  if (p.ok && parseTemplate(value).ok === false && !seen.has('\u0000lone$')) {
    seen.add('\u0000lone$');
    f.notes.push({ key: keyOf(path), message: 'a lone $ (not before a name or {) is kept as a literal $, as docker compose reads it' });
  }
  if (!p.ok) {
    f.issues.push({ key: keyOf(path), message: p.message });
    return value;
  }
  const say = (name: string, message: string, warning = false) => {
    const id = `${name}\u0000${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    const n: CatalogNote = { key: keyOf(path), message, ...(warning ? { warning: true } : {}) };
    f.notes.push(n);
  };
  let out = '';
  for (const piece of p.pieces) {
    if ('text' in piece) {
      out += escapeTemplate(piece.text);
      continue;
    }
    const { variable: name, op, arg = '' } = piece;
    if (scope.known.has(name) || scope.generated.has(name)) {
      // `${DOMAIN:?…}` in an app's file asks its user for the app's own address; Summoner's DOMAIN is the base domain
      if ((op || Object.hasOwn(scope.dotenv, name)) && (BUILTIN_VARIABLES as readonly string[]).includes(name)) {
        say(name, `${name} is Summoner's built-in (${BUILTIN_MEANING[name] ?? 'set by Summoner'})${Object.hasOwn(scope.dotenv, name) ? '; the .env beside the compose file does not set it' : ''}: if the app means its own address here, write \${HOST} (its host name) or \${URL}`, true);
      }
      // a known variable is set: `${A:+alt}` is the alternative, a default or an error message is not used
      out += op === ':+' || op === '+' ? text(arg, path, scope, f, seen) : `\${${name}}`;
      continue;
    }
    const set = Object.hasOwn(scope.dotenv, name) ? scope.dotenv[name] : undefined;
    const empty = set === undefined || set === '';
    if (op === ':+' || op === '+') {
      if ((op === ':+' && !empty) || (op === '+' && set !== undefined)) out += text(arg, path, scope, f, seen);
      continue;
    }
    if (set !== undefined && !((op === ':-' || op === ':?') && empty)) {
      say(name, `${name} taken from the .env file beside the compose file`);
      out += escapeTemplate(set);
      continue;
    }
    if ((op === ':-' || op === '-') && arg !== '' && VARIABLE_NAME.test(name) && SECRET_LIKE.test(name)) {
      // a password written into the file as a default is no secret: generate one (and never quote it)
      scope.generated.add(name);
      say(name, `\${${name}${op}…} has a default written in the file: Summoner generates ${name} once instead (kept in its secrets file); declare it under x-summoner.variables to choose`, true);
      out += `\${${name}}`;
      continue;
    }
    if (op === ':-' || op === '-') {
      const d = text(arg, path, scope, f, seen);
      say(name, `normalised: \${${name}${op}…} took its default ${JSON.stringify(arg.length > 60 ? `${arg.slice(0, 60)}…` : arg)}; declare ${name} under x-summoner.variables to set it`);
      out += d;
      continue;
    }
    if ((op === ':?' || op === '?') && VARIABLE_NAME.test(name) && SECRET_LIKE.test(name)) {
      scope.generated.add(name);
      say(name, `${name} is required and not set: Summoner generates it once (a 32-character password kept in its secrets file); declare it under x-summoner.variables to choose`, true);
      out += `\${${name}}`;
      continue;
    }
    if (op === ':?' || op === '?') {
      f.issues.push({ key: keyOf(path), message: `${name} is required (${arg.slice(0, 80) || 'no default'}): declare it under x-summoner.variables, e.g. ${name}: { value: "…" }` });
      continue;
    }
    if (VARIABLE_NAME.test(name) && SECRET_LIKE.test(name)) {
      scope.generated.add(name);
      say(name, `${name} is not set: Summoner generates it once (a 32-character password kept in its secrets file); declare it under x-summoner.variables to choose`, true);
      out += `\${${name}}`;
      continue;
    }
    say(name, `${name} is not set: empty, as docker compose does; declare it under x-summoner.variables (e.g. ${name}: { value: "…" }) or put it in a .env file beside the compose file`, true);
  }
  return out;
}

/** A volume's source that is only an unset variable, without default: `${UPLOAD_LOCATION}` → `./upload_location`. */
function bareUnsetVariable(source: string, scope: VariableScope): string | undefined {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(source);
  if (!m) return undefined;
  const name = (m[1] ?? m[2])!;
  if (scope.known.has(name) || scope.generated.has(name) || Object.hasOwn(scope.dotenv, name)) return undefined;
  return `./${name.toLowerCase()}`;
}

function walk(v: unknown, path: Segment[], scope: VariableScope, f: Findings, seen: Set<string>): unknown {
  if (typeof v === 'string') return text(v, path, scope, f, seen);
  if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i], scope, f, seen));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k.startsWith('x-') ? x : walk(x, [...path, k], scope, f, seen)]));
  return v;
}

/** A text outside a service (a top-level config's `content`) with compose interpolation settled. */
export function normaliseText(value: string, path: Segment[], scope: VariableScope, f: Findings): string {
  return text(value, path, scope, f, new Set());
}

/** Keys compose reads as booleans once interpolated (`read_only: ${READONLY}`). */
const BOOLEAN_KEYS = new Set(['read_only', 'privileged', 'init', 'tty', 'stdin_open', 'oom_kill_disable']);

/** After interpolation a boolean key may hold "true", "false" or "": compose casts them; so does Summoner. */
function castBooleans(name: string, svc: Record<string, unknown>, f: Findings): void {
  for (const key of BOOLEAN_KEYS) {
    const v = svc[key];
    if (typeof v !== 'string') continue;
    const b = /^(true|yes|1)$/i.test(v.trim()) ? true : /^(false|no|0|)$/i.test(v.trim()) ? false : undefined;
    if (b === undefined) continue;
    svc[key] = b;
    f.notes.push({ key: keyOf(['services', name, key]), message: `read as ${b}` });
  }
}

/** The first `:` outside `${…}` (a default may hold colons: `${PATH:-data}:/x`), or -1. */
function sourceColon(item: string): number {
  let depth = 0;
  for (let i = 0; i < item.length; i++) {
    if (item[i] === '$' && item[i + 1] === '{') {
      depth++;
      i++;
    } else if (item[i] === '}' && depth > 0) depth--;
    else if (item[i] === ':' && depth === 0) return i;
  }
  return -1;
}

/** What the built-ins hold, for the note that says a compose file's own DOMAIN is not what the app may mean. */
const BUILTIN_MEANING: Record<string, string> = {
  DOMAIN: 'the domain Summoner is configured with, not the app\'s host name',
  HOST: 'the app\'s host name, <subdomain>.<domain>',
  URL: 'the app\'s address, https://<subdomain>.<domain> (http:// where Summoner\'s proxy has no certificates: proxy.publicScheme)',
  SUBDOMAIN: 'the app\'s subdomain',
  APP: 'the minion\'s name',
  DB_HOST: 'the database service\'s name',
};

/** A variable of x-summoner.variables (not a built-in: `- DOMAIN` asks for the shell's, which Summoner has none of). */
const declared = (name: string, scope: VariableScope) => scope.known.has(name) && !(BUILTIN_VARIABLES as readonly string[]).includes(name);

/** Keys whose values Summoner drops (replaced by its own labels, or ignored): not interpolated. */
const UNUSED_KEYS = new Set(['labels', 'logging', 'container_name', 'hostname', 'domainname', 'mac_address']);

/** One service with compose interpolation settled; x-* keys and UNUSED_KEYS untouched. */
export function normaliseService(name: string, svc: Record<string, unknown>, scope: VariableScope, f: Findings): Record<string, unknown> {
  const seen = new Set<string>();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(svc)) {
    const path: Segment[] = ['services', name, key];
    // x-* keys, and keys Summoner replaces or ignores: their variables are never used, so never a problem
    // labels are replaced; a list naming one label twice (as apps' files do) is no problem for Summoner
    if (key === 'labels' && Array.isArray(value)) out[key] = [...new Set(value)];
    else if (key === 'container_name' && typeof value === 'string') {
      // kept as a host name (aliases.ts): settled like any value, but never a problem (the name itself is replaced)
      const scratch: Findings = { issues: [], notes: [] };
      const settled = text(value, path, scope, scratch, seen);
      if (scratch.issues.length === 0) f.notes.push(...scratch.notes);
      out[key] = scratch.issues.length === 0 ? settled.replace(/\$\$/g, '$') : value;
    } else if (key.startsWith('x-') || UNUSED_KEYS.has(key)) out[key] = value;
    else if (key === 'volumes' && Array.isArray(value)) {
      out[key] = value.map((item, i) => {
        const at = [...path, i];
        // $PWD is where docker compose runs: the project's folder, i.e. the minion's folder
        const pwd = /^\$(\{PWD\}|PWD(?![A-Za-z0-9_]))\//;
        if (typeof item === 'string' && pwd.test(item)) {
          f.notes.push({ key: keyOf(at), message: `${item.slice(0, item.indexOf('/'))} is the folder docker compose runs in: read as the minion's folder (./)` });
          item = item.replace(pwd, './');
        } else if (isObject(item) && typeof item.source === 'string' && pwd.test(item.source)) {
          f.notes.push({ key: keyOf([...at, 'source']), message: `${item.source.slice(0, item.source.indexOf('/'))} is the folder docker compose runs in: read as the minion's folder (./)` });
          item = { ...item, source: item.source.replace(pwd, './') };
        }
        if (typeof item === 'string') {
          const colon = sourceColon(item);
          const bare = colon > 0 ? bareUnsetVariable(item.slice(0, colon), scope) : undefined;
          if (bare) {
            f.notes.push({ key: keyOf(at), message: `${item.slice(0, colon)} is not set: the volume is kept in the app's folder ${bare.slice(2)} (declare the variable to name it)`, warning: true });
            return bare + text(item.slice(colon), at, scope, f, seen);
          }
        } else if (isObject(item) && typeof item.source === 'string') {
          const bare = bareUnsetVariable(item.source, scope);
          if (bare) {
            f.notes.push({ key: keyOf([...at, 'source']), message: `${item.source} is not set: the volume is kept in the app's folder ${bare.slice(2)}`, warning: true });
            return { ...(walk(item, at, scope, f, seen) as object), source: bare, type: 'bind' };
          }
        }
        return walk(item, at, scope, f, seen);
      });
    } else if (key === 'environment' && Array.isArray(value)) {
      // keyed by the variable's name, not the list index: `services.db.environment.POSTGRES_PASSWORD`
      out[key] = value.map((item, i) => {
        const name = typeof item === 'string' ? /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(item)?.[0] : undefined;
        // `- NAME` without a value: docker compose passes its own environment, .env included; so does Summoner for .env
        if (name && item === name && declared(name, scope)) return `${name}=\${${name}}`;
        if (name && item === name && Object.hasOwn(scope.dotenv, name)) {
          f.notes.push({ key: keyOf([...path, name]), message: `${name} taken from the .env file beside the compose file` });
          return `${name}=${escapeTemplate(scope.dotenv[name]!)}`;
        }
        return walk(item, [...path, name ?? i], scope, f, seen);
      });
    } else if (key === 'environment' && isObject(value)) {
      // `NAME:` (null) is the mapping's `- NAME`: its .env value, as docker compose does
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, v]) => {
          if ((v === null || v === undefined) && declared(name, scope)) return [name, `\${${name}}`];
          if ((v === null || v === undefined) && Object.hasOwn(scope.dotenv, name)) {
            f.notes.push({ key: keyOf([...path, name]), message: `${name} taken from the .env file beside the compose file` });
            return [name, escapeTemplate(scope.dotenv[name]!)];
          }
          return [name, walk(v, [...path, name], scope, f, seen)];
        }),
      );
    } else out[key] = walk(value, path, scope, f, seen);
  }
  castBooleans(name, out, f);
  return out;
}
