// The one config file, validated strictly: unknown keys are errors (a typo must not be silently ignored).
import { z } from 'zod';
import { NOTIFY_DEFAULTS, notifySchema } from '../notify/config.js';
import { schedulesSchema } from '../schedule/config.js';

const userId = z.string().min(1, 'must not be empty');

/** An engine's API over the network: `tcp://host:port` (plain HTTP) or `https://host:port` (engine/connection.ts). */
const ENGINE_ENDPOINT = /^(tcp|https):\/\/[A-Za-z0-9.-]+:\d{1,5}\/?$/;

const hostPort = z
  .string()
  .regex(/^[^\s:]+:\d{1,5}$/, 'must look like host:port, e.g. 127.0.0.1:8080');

export const mattermostSchema = z
  .object({
    /** Site URL, e.g. https://chat.example.org (no /api/v4). */
    url: z.string().url('must be a URL such as https://chat.example.org'),
    /** Team name the bot works in. */
    team: z.string().min(1),
    /** Channel names (in that team) the bot listens to besides its DMs. */
    channels: z.array(z.string().min(1)).default([]),
    /** Slash command trigger, without the slash. */
    slashTrigger: z.string().regex(/^[a-z0-9_-]+$/).default('summon'),
    /** How long the socket may stay silent before the bot counts itself deaf (ms). */
    pingIntervalMs: z.number().int().positive().default(30_000),
    /**
     * Bot user ids whose posts may run commands. Posts by other bots, by webhooks and integrations
     * (`from_webhook`, `override_username`) never do, whatever user id they carry.
     */
    allowBots: z.array(userId).optional(),
    /** Reconnect backoff: first delay and cap (ms). Jitter is added on top. */
    reconnectMinMs: z.number().int().positive().default(1_000),
    reconnectMaxMs: z.number().int().positive().default(60_000),
  })
  .strict();

const port = z.number().int().min(1).max(65535);

/** The two listeners: the public one (webhooks, slash, buttons) with its limits, and the internal one (health, metrics). */
export const httpSchema = z
  .object({
    /** The PUBLIC listener: /hooks/<name>, /mattermost/slash, /mattermost/actions only. */
    listen: hostPort.default('127.0.0.1:8080'),
    /** URL Mattermost uses to reach this bot (slash command and buttons). */
    publicUrl: z.string().url().optional(),
    /** The INTERNAL listener: /healthz and /metrics only (loopback, or the container's own address). */
    internalListen: hostPort.default('127.0.0.1:9090'),
    /** Open connections the public listener holds at most; more are closed at once. */
    maxConnections: z.number().int().min(1).max(100_000).default(256),
    /** Per client address on the public listener, before any signature work: a token bucket (perSecond 0 = off). */
    rateLimit: z
      .object({ perSecond: z.number().min(0).default(20), burst: z.number().int().min(1).default(60) })
      .strict()
      .default({}),
    /** A request's body must arrive within this many ms after its headers (408 otherwise). */
    bodyTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
    /** A request's headers must arrive within this many ms. */
    headersTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
  })
  .strict();

/** The reverse proxy Summoner runs (`managed`), or none because another proxy serves the minions (`external`). */
export const proxySchema = z
  .object({
    /** `managed`: one nginx container `proxy-<domain>` owned by Summoner; `external`: nginx-proxy/Traefik reads VIRTUAL_HOST etc. */
    mode: z.enum(['managed', 'external']).default('managed'),
    /** nginx image (any image with `nginx` on its PATH). */
    image: z.string().min(1).default('nginx:1.27'),
    /** Host address the proxy's ports are published on. */
    bind: z.string().ip().default('0.0.0.0'),
    httpPort: port.default(80),
    httpsPort: port.default(443),
    /** DNS server nginx may use at run time (app upstreams are addresses Summoner renders: core/proxy/render.ts). */
    resolver: z.string().regex(/^[0-9a-fA-F.:[\]]+$/, 'an IP address such as 127.0.0.11').default('127.0.0.11'),
    /**
     * The scheme of the apps' public addresses (the `URL` a minion is given, the summon's reply, status):
     * `auto` is https, except where Summoner's own proxy serves the apps without certificates
     * (`certificates.enabled: false`), which is http; `https` where TLS ends before this host (a load
     * balancer, a tunnel); `http` for a lab without TLS.
     */
    publicScheme: z.enum(['auto', 'https', 'http']).default('auto'),
  })
  .strict();

const LETSENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';
const LETSENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

/** ACME certificates for every minion's subdomain (only with `proxy.mode: managed`). */
export const certificatesSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Contact address given to the CA (also LETSENCRYPT_EMAIL on the minions). */
    email: z.string().email().optional(),
    /** RFC 8555 directory of the CA that issues the real certificates. */
    directoryUrl: z.string().url().default(LETSENCRYPT),
    /** The same CA's staging directory, tried first after a failure ('' = none: retry production directly). */
    stagingUrl: z.union([z.string().url(), z.literal('')]).default(LETSENCRYPT_STAGING),
    /** Extra CA certificate (PEM file) to trust for the ACME server's own HTTPS, e.g. a private or test CA. */
    caFile: z.string().min(1).optional(),
    /** Renew once this fraction of a certificate's lifetime has passed. */
    renewAt: z.number().gt(0.1).lt(1).default(2 / 3),
    /** Post an alarm this many days before any expiry. */
    alarmDays: z.number().min(0).max(90).default(7),
    /** When the certificate check runs (cron; seconds field allowed). */
    checkCron: z.string().min(1).default('17 4 * * *'),
    /** Addresses this host is reached at, for the pre-flight (default: the host's interface addresses). */
    publicIps: z.array(z.string().ip()).default([]),
    /** Skip the "name resolves to this host" pre-flight (e.g. behind NAT where DNS names another address). */
    skipDnsCheck: z.boolean().default(false),
    /** The CA's published rate limits (defaults: Let's Encrypt's). */
    limits: z
      .object({
        certsPerDomainPerWeek: z.number().int().positive().default(50),
        duplicateCertsPerWeek: z.number().int().positive().default(5),
        failedValidationsPerHour: z.number().int().positive().default(5),
        ordersPer3Hours: z.number().int().positive().default(300),
      })
      .strict()
      .default({}),
  })
  .strict();

/** Backups (src/core/backup/): compression, parallelism, retention, off-site copies. */
export const backupSchema = z
  .object({
    /** zstd where the `zstd` program is installed (auto), else gzip. */
    compression: z.enum(['auto', 'zstd', 'gzip']).default('auto'),
    /** Compression level (zstd 1-19, gzip 1-9); default zstd 1 (keeps up with a dump on two cores), gzip 6. */
    level: z.number().int().min(1).max(19).optional(),
    /**
     * How a PostgreSQL dump is read back before it counts, in the same pass: `full` (pg_restore reads every
     * data block: a cut archive fails) or `toc` (pg_restore --list: only the table of contents, which a cut
     * archive still passes; a little less CPU).
     */
    pgReadBack: z.enum(['toc', 'full']).default('full'),
    /** How many apps `backup all` works on at once. */
    parallel: z.number().int().min(1).max(16).default(2),
    /** A scheduled backup job that has not reported this long after its time is announced as missed. */
    deadlineMinutes: z.number().int().min(1).max(1440).default(120),
    retention: z
      .object({
        /** The newest N backups are always kept. */
        keepLast: z.number().int().min(1).default(7),
        /** Plus the newest backup of each of the last N days / ISO weeks / months that have one. */
        daily: z.number().int().min(0).default(7),
        weekly: z.number().int().min(0).default(4),
        monthly: z.number().int().min(0).default(6),
        /** A prune that would delete more than this share of an app's backups is held for confirmation. */
        maxPruneShare: z.number().min(0).max(1).default(0.5),
        /** Safety copies (taken before restore, update, rollback, purge) are kept this many days, apart from the rules above. */
        safetyDays: z.number().int().min(0).default(7),
      })
      .strict()
      .default({}),
    /** Off-site copies to an SFTP server after each backup. */
    sftp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(22),
        user: z.string().min(1),
        /** Private key file (OpenSSH format), readable only by Summoner (mode 600: anything wider is refused). */
        keyFile: z.string().min(1),
        /** The environment variable holding the key's passphrase, when it has one. */
        passphraseEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as SUMMONER_SFTP_PASSPHRASE').optional(),
        /** The server's host key fingerprint, `SHA256:…` as `ssh-keygen -lf` prints it: the connection is refused on any other. */
        hostKey: z.string().regex(/^SHA256:[A-Za-z0-9+/]+=*$/, 'must look like SHA256:… (ssh-keygen -lf)'),
        /** Remote folder; `<app>/` is created under it. */
        path: z.string().min(1).default('summoner-backups'),
        /** Encrypt archives before they leave the host: AES-256-GCM with this 32-byte key file (0600; made if missing). */
        encryptKeyFile: z.string().min(1).optional(),
        timeoutMs: z.number().int().positive().default(20_000),
      })
      .strict()
      .optional(),
  })
  .strict();

export const configSchema = z
  .object({
    /** Base domain: apps are served at <subdomain>.<domain>. */
    domain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a DNS name such as example.org')
      .default('summoner.localhost'),
    /** Where state lives: the audit database, secrets, certificates. */
    stateDir: z.string().min(1).default('./state'),
    dataRoot: z.string().min(1).default('./state/data'),
    backupRoot: z.string().min(1).default('./state/backups'),
    /** Databases' files live under their own root: `<dbRoot>/<app>/…`. */
    dbRoot: z.string().min(1).default('./state/databases'),
    /** Extra folders of user minions (compose files with x-summoner metadata), besides the shipped catalog. */
    catalogDirs: z.array(z.string().min(1)).default([]),
    /** `minion add` from chat: the host folders a compose file may be read from (none: paths refused), and how long a URL may take. */
    minionAdd: z
      .object({
        pathRoots: z.array(z.string().min(1)).default([]),
        timeoutS: z.number().int().min(1).max(120).default(10),
      })
      .strict()
      .default({}),
    engine: z
      .object({
        /**
         * The Docker Engine's Unix socket, or `tcp://host:port` (plain HTTP: a private network only) for an
         * engine whose hosts see Summoner's data folders at the same paths (the test Swarm's nodes do).
         * DOCKER_HOST's form (`unix:///var/run/docker.sock`) is read as its path.
         */
        socket: z
          .string()
          .min(1)
          .transform((s) => s.replace(/^unix:\/\//, ''))
          .superRefine((s, ctx) => {
            if (ENGINE_ENDPOINT.exec(s)?.[1] === 'tcp') return;
            if (/^[a-z][a-z0-9+.-]*:/i.test(s)) {
              ctx.addIssue({
                code: z.ZodIssueCode.custom,
                message: `${s.split(':')[0]}:// is not an engine Summoner can reach: give the Unix socket's path (e.g. /var/run/docker.sock, the usual way: Summoner runs on the engine's host) or tcp://host:port on a private network`,
              });
            } else if (!s.startsWith('/')) {
              ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be the absolute path of the Unix socket, e.g. /var/run/docker.sock' });
            }
          })
          .default('/var/run/docker.sock'),
        /** `auto` deploys as Swarm services when the engine is a Swarm manager. */
        mode: z.enum(['auto', 'standalone', 'swarm']).default('auto'),
        /** The shared network the proxy and every app join (Summoner itself does not). */
        proxyNetwork: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/).default('summoner-proxy'),
        /** Host address the minions' own published ports (a `ports:` entry) bind to; 0.0.0.0 for every interface. */
        publishAddress: z.string().ip().default('127.0.0.1'),
        /**
         * Where HTTP health checks run from: `direct` (this process dials the app's address: Summoner on the
         * host), `engine` (a probe container on the proxy network, driven through the Engine API: Summoner in a
         * container that is not on that network), `auto` (engine when Summoner runs in a container).
         */
        healthProbe: z.enum(['auto', 'direct', 'engine']).default('auto'),
        /** The probe container's image (needs `node`); default Summoner's own image. */
        probeImage: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    /**
     * A Swarm's nodes: each node's own Engine API by its hostname (as `docker node ls` shows it), for the work
     * that runs beside its tasks (a database's dump, verify, restore). `tcp://host:port` is plain HTTP (a
     * private network only); `https://host:port` is TLS with the client certificate of `tls` (dockerd
     * `--tlsverify`). The manager Summoner talks to needs no entry. A task on a node not named here is not
     * backed up (the error names the node).
     */
    swarm: z
      .object({
        nodes: z
          .record(
            z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'a node hostname'),
            z.string().regex(ENGINE_ENDPOINT, 'an engine endpoint is tcp://host:port or https://host:port'),
          )
          .default({}),
        /** Client certificate for `https://` endpoints: files (PEM), as `docker --tlsverify` takes them. */
        tls: z.object({ ca: z.string().min(1), cert: z.string().min(1), key: z.string().min(1) }).strict().optional(),
      })
      .strict()
      .superRefine((s, ctx) => {
        for (const [node, url] of Object.entries(s.nodes)) {
          if (url.startsWith('https://') && !s.tls) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['nodes', node], message: 'an https:// endpoint needs swarm.tls (ca, cert, key)' });
        }
      })
      .default({}),
    proxy: proxySchema.default({}),
    certificates: certificatesSchema.default({}),
    /** Mattermost user ids with every permission (ids, not usernames: usernames can be renamed). */
    admins: z.array(userId).default([]),
    /** Named roles, each a list of user ids; commands may require a role. */
    roles: z
      .record(z.string(), z.array(userId))
      .default({})
      .superRefine((roles, ctx) => {
        for (const name of Object.keys(roles)) {
          if (!/^[a-z][a-z0-9_-]*$/.test(name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: 'a role name is a lower-case word' });
        }
      }),
    channels: z
      .object({
        /** Channel for operations notices (start/stop, failures). */
        ops: z.string().min(1).default('ops'),
      })
      .strict()
      .default({ ops: 'ops' }),
    /** Whoever holds the host's shell already holds the host: the shell adapter acts as an admin unless this is false. */
    shellIsAdmin: z.boolean().default(true),
    /** How long a destructive command waits for its "yes" (seconds). */
    confirmTimeoutS: z.number().int().min(5).max(3600).default(120),
    /**
     * The team's language, where no user's locale says one: what scheduled jobs and recipes post (the daily
     * report), and answers to a message without a locale. A user's own Mattermost locale still wins for them.
     */
    language: z.enum(['en', 'fr']).default('en'),
    http: httpSchema.default({}),
    backup: backupSchema.default({}),
    mattermost: mattermostSchema.optional(),
    /** Webhooks, recipes and the durable outbox (src/notify). */
    notify: notifySchema.default(NOTIFY_DEFAULTS),
    /** Scheduled jobs: `{ name, cron, tz?, command, channel? }` (src/schedule). */
    schedules: schedulesSchema,
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    /**
     * A deaf bot heals: unhealthy (chat down, engine unreachable) for `exitAfterS` seconds, it exits non-zero
     * (75) so that its restart policy starts it again; 0 never exits. Checked every `checkEveryS`.
     */
    health: z
      .object({
        exitAfterS: z.number().int().min(0).max(86_400).default(300),
        checkEveryS: z.number().int().min(1).max(300).default(10),
      })
      .strict()
      .default({ exitAfterS: 300, checkEveryS: 10 }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type MattermostConfig = z.infer<typeof mattermostSchema>;
export type ProxyConfig = z.infer<typeof proxySchema>;
export type CertificatesConfig = z.infer<typeof certificatesSchema>;
export type BackupConfig = z.infer<typeof backupSchema>;

/** Secrets never live in the file: they come from the environment. */
export interface Secrets {
  /** SUMMONER_MATTERMOST_TOKEN: the bot account's personal access token. */
  mattermostToken?: string;
  /** SUMMONER_SLASH_TOKEN: the token Mattermost sends with the slash command. */
  slashToken?: string;
  /** Each webhook's secret, by hook name, from the variable its `secretEnv` names. */
  hooks?: Record<string, string>;
  /** SUMMONER_METRICS_TOKEN: when set, /metrics wants `Authorization: Bearer <token>`. */
  metricsToken?: string;
}
