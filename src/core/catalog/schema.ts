// The `x-summoner` section of a minion's compose file: Summoner's own metadata, validated strictly (an
// unknown key is an error, so a typo is never silently ignored). Documented in minions/README.md.
import { coerce, satisfies, validRange } from '../semver.js';
import { z } from 'zod';
import { DB_TYPES, type DbType } from '../types.js';

export { DB_TYPES } from '../types.js';
import { DNS_LABEL, VARIABLE_NAME, VOLUME_NAME } from './names.js';

/** Variables every deployment provides; a catalog variable may not shadow them. */
export const BUILTIN_VARIABLES = ['APP', 'DOMAIN', 'SUBDOMAIN', 'HOST', 'URL', 'DB_HOST'] as const;
export type BuiltinVariable = (typeof BUILTIN_VARIABLES)[number];

export const DB_DEFAULT_PORT: Record<DbType, number> = { mariadb: 3306, mysql: 3306, postgres: 5432, mongo: 27017 };

// The schemas are built on first use (the catalog is read after ready): building them costs ~0.1 s of CPU at
// start, for nothing the prompt needs.
function build() {
  const port = z.number().int().min(1).max(65535);

  /** One line of printable text (descriptions and the like: they end up in chat). */
  const line = (max: number) =>
    z
      .string()
      .min(1, 'must not be empty')
      .max(max, `at most ${max} characters`)
      .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/u, 'one line of text, no control characters');

  const owner = z
    .string()
    .regex(/^\d{1,10}:\d{1,10}$/, 'write the owner as "uid:gid", e.g. "2000:2000"')
    .transform((s) => {
      const [uid, gid] = s.split(':').map(Number) as [number, number];
      return { uid, gid };
    });

  const health = z
    .object({
      /** HTTP GET on the container: healthy on 200..399, or exactly `expect`. */
      http: z
        .object({
          path: z.string().regex(/^\/[\x21-\x7e]{0,255}$/, 'an absolute URL path such as /health (no spaces)'),
          /** Defaults to the service's port. */
          port: port.optional(),
          expect: z.number().int().min(100).max(599).optional(),
        })
        .strict()
        .optional(),
      /** A command run in the container (argv, no shell); healthy on exit 0. */
      exec: z.array(z.string().min(1).max(1000)).min(1).max(50).optional(),
      timeoutS: z.number().int().min(1).max(3600).default(120),
      intervalS: z.number().int().min(1).max(300).default(5),
    })
    .strict()
    .superRefine((h, ctx) => {
      if (!h.http === !h.exec) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'give exactly one of `http` or `exec`' });
    });


  const service = z.string().regex(/^[a-zA-Z0-9._-]{1,63}$/, 'a compose service name');

  const web = z
    .object({
      /** The compose service that serves the web UI. */
      service,
      /** Its HTTP port inside the container (the proxy forwards to it); read from its ports when there is one. */
      port: port.optional(),
      /** Default: the service's compose healthcheck, else an HTTP GET on /. */
      health: health.optional(),
      /** Owner of its data folders, for images that run as a fixed non-root user. */
      owner: owner.optional(),
    })
    .strict();

  // mysql beside mariadb: Ghost supports MySQL 8 only (MariaDB is not a drop-in for it).

  const database = z
    .object({
      service,
      type: z.enum(DB_TYPES),
      /** Server version (major or major.minor); defaults to the version at the start of the image tag. */
      version: z
        .string()
        .regex(/^\d{1,4}(\.\d{1,4}){0,2}$/, 'a version such as 11.4 or 16')
        .optional(),
      /** Versions the app supports: a semver range such as ">=10.6 <12" (default: any). */
      supports: z
        .string()
        .max(200)
        .refine((r) => validRange(r, { loose: true }) !== null, 'not a version range; write e.g. ">=10.6 <12"')
        .optional(),
      port: port.optional(),
      /** Defaults per type (the official images' own tools). */
      health: health.optional(),
      owner: owner.optional(),
    })
    .strict();

  const variable = z
    .object({
      /** A secret generated once per deployment and kept in the secrets file. */
      generate: z.enum(['password', 'hex', 'htpasswd']).optional(),
      /** Length of the generated password / hex string. */
      length: z.number().int().min(8).max(128).optional(),
      /** htpasswd only: the user name. */
      user: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a user name (letters, digits, . _ -)')
        .optional(),
      /** Or a value derived from the deployment, e.g. "${URL}/api" (built-in variables and generated secrets). */
      value: z.string().max(2000).optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      if ((v.generate === undefined) === (v.value === undefined)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'give exactly one of `generate` or `value`' });
      }
      if (v.value !== undefined && v.length !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['length'], message: '`length` goes with `generate`' });
      if (v.user !== undefined && v.generate !== 'htpasswd') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['user'], message: '`user` goes with `generate: htpasswd`' });
    });

  /** A relative path inside a volume: plain segments, never `.` or `..`. */
  const RELATIVE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}(\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}){0,7}$/;

  const file = z
    .object({
      /** A named volume of the web or database service. */
      volume: z.string().regex(VOLUME_NAME, 'a volume name declared under the top-level volumes').refine((v) => !v.includes('..'), 'a volume name, without ..'),
      /** Where in that volume, e.g. htpasswd or conf/app.ini. */
      path: z
        .string()
        .max(255)
        .regex(RELATIVE_PATH, 'a relative path inside the volume (letters, digits, _ . -; no leading dot, no ..)')
        .refine((p) => !p.split('/').some((s) => s === '..' || s === '.'), 'a relative path inside the volume, without ..'),
      content: z.string().max(65_536, 'at most 64 KB'),
      /** Octal permissions; defaults to 0600 (content may be secret). */
      mode: z
        .string({ invalid_type_error: 'write the mode as a quoted octal string, e.g. "0600" (YAML reads 0600 as decimal)' })
        .regex(/^0?[0-7]{3}$/, 'octal permissions such as "0600" or "0644" (quoted)')
        .default('0600')
        .transform((m) => parseInt(m, 8))
        .refine((m) => (m & 0o002) === 0, 'a world-writable file is refused'),
    })
    .strict();

  const xSummoner = z
    .object({
      /** One line for `list`. */
      description: line(200),
      /** Served at <subdomain>.<domain>; defaults to the minion's name. */
      subdomain: z.string().regex(DNS_LABEL, 'a DNS label: lower-case letters, digits and dashes').optional(),
      web,
      database: database.optional(),
      /** The subdomain of each web service beyond the first (default `<subdomain>-<service>`). */
      subdomains: z.record(z.string().regex(/^[a-zA-Z0-9._-]{1,63}$/, 'a compose service name'), z.string().regex(DNS_LABEL, 'a DNS label: lower-case letters, digits and dashes')).default({}),
      /** Compose profiles to run, beside the services without one (`docker compose up` runs none). */
      profiles: z.array(z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a compose profile name')).max(20).default([]),
      /** The role of each other service, when the one inferred from its image is not right. */
      roles: z.record(z.string().regex(/^[a-zA-Z0-9._-]{1,63}$/, 'a compose service name'), z.enum(['web', 'database', 'cache', 'worker', 'job'])).default({}),
      variables: z
        .record(z.string(), variable)
        .default({})
        .superRefine((vars, ctx) => {
          for (const name of Object.keys(vars)) {
            if (!VARIABLE_NAME.test(name)) {
              ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: 'a variable name is upper-case letters, digits and _ (e.g. DB_PASSWORD)' });
            } else if ((BUILTIN_VARIABLES as readonly string[]).includes(name)) {
              ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: `${name} is built in (${BUILTIN_VARIABLES.join(', ')}): choose another name` });
            }
          }
        }),
      /**
       * hot: dump the database while the app runs; cold: stop the app and copy its volumes; both (default: both
       * with a database, else cold). Or `{ kind: hot|cold|both, method: logical|physical }`: physical takes the
       * hot backup with the server's own copy tool (mariadb-backup) instead of a dump (default logical).
       */
      backup: z
        .union([
          z.enum(['hot', 'cold', 'both']),
          z.object({ kind: z.enum(['hot', 'cold', 'both']).optional(), method: z.enum(['logical', 'physical']).default('logical') }).strict(),
        ])
        .optional(),
      proxy: z
        .object({
          /** Largest request body (uploads), nginx syntax: 10m, 1g; 0 = unlimited. */
          maxBodySize: z.string().regex(/^(0|[1-9][0-9]{0,5}[kmg]?)$/, 'a size such as 512k, 10m or 2g (0 = unlimited)').default('10m'),
          /** Forward WebSocket upgrades. */
          websocket: z.boolean().default(false),
          /** Read timeout towards the app (seconds). */
          timeoutS: z.number().int().min(1).max(86400).default(60),
        })
        .strict()
        .default({}),
      requires: z
        .object({
          memoryMb: z.number().int().min(16).max(1_048_576),
          diskMb: z.number().int().min(0).max(100_000_000),
        })
        .strict()
        .optional(),
      /** Files written into a volume's folder before every start (content may use variables, e.g. an htpasswd). */
      files: z.array(file).max(20).default([]),
      /** A custom minion with the name of one already loaded (e.g. shipped) replaces it only when this is true. */
      override: z.boolean().default(false),
    })
    .strict();
    return { health, xSummoner };
}

let built: ReturnType<typeof build> | undefined;
/** The schema of the x-summoner section (built once, on first use). */
export function xSummonerSchema(): ReturnType<typeof build>['xSummoner'] {
  return (built ??= build()).xSummoner;
}
export type HealthInput = z.infer<ReturnType<typeof build>['health']>;

export type XSummoner = z.infer<ReturnType<typeof build>['xSummoner']>;

/** Default database health checks, with the official images' own tools. */
export function defaultDbHealth(type: DbType, dbPort: number): HealthInput {
  switch (type) {
    case 'mariadb':
      return { exec: ['healthcheck.sh', '--connect', '--innodb_initialized'], timeoutS: 180, intervalS: 3 };
    case 'mysql':
      // over TCP: the image's first-start server listens on the socket only, so this passes once the real one is up
      // (ping answers 0 even on "access denied": the server is up, which is all this asks)
      return { exec: ['mysqladmin', 'ping', '--silent', '-h', '127.0.0.1', '-P', String(dbPort)], timeoutS: 180, intervalS: 3 };
    case 'postgres':
      return { exec: ['pg_isready', '-h', '127.0.0.1', '-p', String(dbPort)], timeoutS: 180, intervalS: 3 };
    case 'mongo':
      return { exec: ['mongosh', '--quiet', '--port', String(dbPort), '--eval', "db.adminCommand('ping').ok"], timeoutS: 180, intervalS: 3 };
  }
}

/** Does a server version satisfy a range? ("10.11" vs ">=10.6 <12") */
export function versionSatisfies(version: string, range: string): boolean {
  const v = coerce(version);
  return v !== null && satisfies(v, range, { loose: true });
}

/** The version at the start of an image tag: "11.4.4" → "11.4.4", "16.6-alpine" → "16.6", "v7.61" → "7.61". */
export function versionOfTag(tag: string): string | undefined {
  return /^v?(\d{1,4}(?:\.\d{1,4}){0,2})(?![\d])/.exec(tag)?.[1];
}
