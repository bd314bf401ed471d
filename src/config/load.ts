// Loads summoner.yml once, at start. A bad file stops the bot with one line naming the exact key and the reason.
import fs from 'node:fs';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import type { z } from 'zod';
import { SummonerError } from '../errors.js';
import { registerSecret } from '../secrets/redact.js';
import { configSchema, type Config, type Secrets } from './schema.js';

/** The config file is unusable: a SummonerError coded config.invalid (the one error class), said before anything starts. */
export class ConfigError extends SummonerError<'config.invalid'> {
  override readonly name = 'ConfigError';
  constructor(message: string) {
    super('config.invalid', message);
  }
}

export interface LoadedConfig {
  config: Config;
  /** The file read, or undefined when none exists and the defaults are used. */
  file?: string;
  secrets: Secrets;
}

export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const secrets: Secrets = {
    mattermostToken: env.SUMMONER_MATTERMOST_TOKEN || undefined,
    slashToken: env.SUMMONER_SLASH_TOKEN || undefined,
    metricsToken: env.SUMMONER_METRICS_TOKEN || undefined,
  };
  // masked in every log line from this moment on
  registerSecret(secrets.mattermostToken);
  registerSecret(secrets.slashToken);
  registerSecret(secrets.metricsToken);
  const explicit = file ?? env.SUMMONER_CONFIG;
  const candidate = explicit ?? 'summoner.yml';
  if (!fs.existsSync(candidate)) {
    if (explicit) throw new ConfigError(`${explicit}: no such file`);
    return { config: validate({}, '(defaults)'), secrets };
  }
  const name = path.relative(process.cwd(), candidate) || candidate;
  let raw: unknown;
  let text: string;
  try {
    text = fs.readFileSync(candidate, 'utf8');
  } catch (e) {
    throw new ConfigError(`${name}: cannot be read: ${(e as Error).message}`);
  }
  try {
    raw = parseYaml(text) ?? {};
  } catch (e) {
    const y = e as { reason?: string; mark?: { line: number; column: number } };
    const where = y.mark ? ` (line ${y.mark.line + 1}, column ${y.mark.column + 1})` : '';
    throw new ConfigError(`${name}: not valid YAML${where}: ${y.reason ?? (e as Error).message.split('\n')[0]}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${name}: the top level must be a mapping of keys`);
  const config = validate(raw, name);
  for (const [hook, h] of Object.entries(config.notify.hooks)) {
    const v = env[h.secretEnv];
    if (!v) throw new ConfigError(`${name}: notify.hooks.${hook}: the environment variable ${h.secretEnv} (its secret) is not set`);
    registerSecret(v);
    (secrets.hooks ??= {})[hook] = v;
  }
  if (config.mattermost && !secrets.mattermostToken) {
    throw new ConfigError(`${name}: mattermost is configured but SUMMONER_MATTERMOST_TOKEN is not set in the environment`);
  }
  return { config, file: candidate, secrets };
}

function validate(raw: unknown, name: string): Config {
  const r = configSchema.safeParse(raw);
  if (r.success) return r.data;
  // Every problem of the file in one pass (one fix-and-restart per problem is how a config gets abandoned);
  // unknown keys first: a misspelt key usually explains the "required" one next to it.
  const unknown = r.error.issues.filter((i) => i.code === 'unrecognized_keys');
  const misspelt = new Set(unknown.map((i) => i.path.join('.')));
  // a key missing beside an unknown one in the same section is that key misspelt: said once, as the unknown key
  const explained = (i: z.ZodIssue) => i.code === 'invalid_type' && valueAt(raw, i.path) === undefined && misspelt.has(i.path.slice(0, -1).join('.'));
  const issues = [...unknown, ...r.error.issues.filter((i) => i.code !== 'unrecognized_keys' && !explained(i))];
  const said = [...new Set(issues.map((i) => describeIssue(i, raw)))];
  throw new ConfigError(said.length === 1 ? `${name}: ${said[0]}` : `${name}: ${said.length} problems: ${said.join('; ')}`);
}

function describeIssue(issue: z.ZodIssue, raw: unknown): string {
  const key = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (key ? `${key}.${k}` : k));
    return `unknown key ${keys.join(', ')} (check its spelling; see summoner.example.yml)`;
  }
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) return `${key} is required`;
  return `${key || '(top level)'}: ${issue.message}`;
}

function valueAt(raw: unknown, at: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of at) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
