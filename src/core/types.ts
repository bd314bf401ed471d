// Shared shapes of the deployment core. The catalog (pure) turns compose files into `Minion`s and
// `DeployPlan`s; the engine executes exactly a plan; commands see only the services facade.

/** The database types Summoner dumps and restores: the one list (the catalog's schema and the backups read it). */
export const DB_TYPES = ['mariadb', 'mysql', 'postgres', 'mongo'] as const;
export type DbType = (typeof DB_TYPES)[number];

/** MariaDB and MySQL share the dump format, the client and the root account: one answer for both. */
export function isMysqlFamily(type: DbType): type is 'mariadb' | 'mysql' {
  return type === 'mariadb' || type === 'mysql';
}

/** How a container proves it is up. */
export interface HealthSpec {
  /** HTTP GET on the container's address and this port/path; healthy on `expect` status (default 200..399). */
  http?: { path: string; port: number; expect?: number };
  /** Or a command run inside the container (argv, never a shell string); healthy on exit 0. */
  exec?: string[];
  /** Give up after this long (seconds). */
  timeoutS: number;
  intervalS: number;
}

/** A variable a minion needs: generated once and kept secret, or derived from the deployment. */
export type VariableSpec =
  | { generate: 'password' | 'hex' | 'htpasswd'; length?: number; secret: true; /** for htpasswd: the user name */ user?: string }
  | { value: string; secret?: false };

/** What a service is for in its minion (minions/README.md, "Roles"). */
export type ServiceRole = 'web' | 'database' | 'cache' | 'worker' | 'job';

/** compose `depends_on`, kept as written (the condition a service waits for before it starts). */
export interface Dependency {
  service: string;
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  required: boolean;
  restart: boolean;
}

/** Hardening and limits from the compose file, passed through to the engine as they are. */
export interface ServiceLimits {
  capDrop?: string[];
  readOnly?: boolean;
  noNewPrivileges?: boolean;
  /** container path → tmpfs options (`size=64m,mode=1777`, or '') */
  tmpfs?: Record<string, string>;
  memoryBytes?: number;
  memoryReservationBytes?: number;
  nanoCpus?: number;
  pidsLimit?: number;
  shmSizeBytes?: number;
  ulimits?: { name: string; soft: number; hard: number }[];
  init?: boolean;
  workingDir?: string;
  stopGraceS?: number;
}

export interface ServiceSpec {
  /** Compose service name. */
  service: string;
  image: string;
  /** The tag (a floating one such as `stable` is allowed, with a warning note at load). */
  tag: string;
  /** `sha256:…` when the file pins the image by digest (`repo:tag@sha256:…`). */
  digest?: string;
  /** Environment with `${VAR}` references left in place (resolved by the plan). */
  environment: Record<string, string>;
  command?: string[];
  entrypoint?: string[];
  /** Named compose volumes → container paths; they become bind mounts under the data roots. */
  volumes: {
    name: string;
    target: string;
    readOnly?: boolean;
    /** a sub-folder of the volume (compose `volume.subpath`) */
    subpath?: string;
    /** the subpath is one file the plan writes (a compose config, or a config file of the minion's folder), not a folder */
    file?: true;
  }[];
  /** Other host names it answers by on the app's private network (compose `container_name`, network aliases, links). */
  aliases?: string[];
  /** Host ports the service publishes (pre-flight checks they are free). */
  ports: { host: number; container: number; protocol: 'tcp' | 'udp' }[];
  user?: string;
  health: HealthSpec;
  /** Owner of its data folders, for images that run as a fixed non-root user (e.g. Mattermost: 2000:2000). */
  owner?: { uid: number; gid: number };
  dependsOn?: Dependency[];
  limits?: ServiceLimits;
  /** Built from a Dockerfile in the minion's folder (compose `build:` without `image:`); `image` is then
   *  `summoner-build/<app>-<service>` and `tag` the hash of the context, settled when it is built. */
  build?: BuildSpec;
}

/** A `build:` of a catalog file: paths relative to the minion's folder, checked to stay inside it. */
export interface BuildSpec {
  /** the minion's folder (absolute), the root every path below is checked under */
  root: string;
  /** the context, relative to `root` (`.` for the folder itself) */
  context: string;
  /** the Dockerfile, relative to the context */
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
}

/** Any service of a minion, with its role (the web and database services are also `Minion.web` / `.database`). */
export type MinionService = ServiceSpec & {
  role: ServiceRole;
  /** web: the HTTP port the proxy forwards to. */
  port?: number;
  /** web: the DNS label it is served at (`<subdomain>.<domain>`): the minion's own for the first web service,
   *  `<subdomain>-<service>` or the one set in `x-summoner.subdomains` for any other. */
  subdomain?: string;
  /** database: its type, when Summoner knows how to dump it. */
  dbType?: DbType;
  /** compose's own healthcheck, when the file has one (health then comes from it). */
  hasHealthcheck?: boolean;
};

/** A change the catalog made to load a file as Summoner runs it, or a warning: shown to the user. */
export interface CatalogNote {
  key: string;
  message: string;
  warning?: boolean;
}

export interface Minion {
  /** Catalog name (folder name), a safe word: `wekan`. */
  name: string;
  /** The compose file it came from. */
  file: string;
  /** Shipped with Summoner (`minions/`) or a custom one from a `catalogDirs` folder. */
  origin?: 'shipped' | 'custom';
  /** sha256 of the file's bytes: labelled on containers so hand edits and catalog changes can be told apart. */
  digest: string;
  description: string;
  subdomain: string;
  web: ServiceSpec & { port: number };
  database?: ServiceSpec & {
    type: DbType;
    /** Declared server version (major or major.minor). */
    version: string;
    /** Versions the app supports, e.g. ">=10.6 <12" (semver range on the major.minor). */
    supports: string;
    port: number;
  };
  variables: Record<string, VariableSpec>;
  /**
   * Every service of the file, in dependency order, each with its role: the primary web and database services
   * (`web`, `database` above: the first of each) are among them. Each runs in its own unit.
   */
  services?: MinionService[];
  /** Every volume (declared, or made from a bind mount of an app-relative path). */
  volumes?: string[];
  /** What was normalised to load the file, and warnings (floating tags…). */
  notes?: CatalogNote[];
  /** method physical: the hot backup is the server's own copy (mariadb-backup), not a logical dump. */
  backup: { hot: boolean; cold: boolean; method?: 'logical' | 'physical' };
  proxy: { maxBodySize: string; websocket: boolean; timeoutS: number };
  requires: { memoryMb: number; diskMb: number };
  /**
   * Files written into a volume's folder before every start (e.g. the registry's htpasswd, which the image
   * only reads from a file). `content` keeps its `${VAR}` references; the plan resolves them.
   */
  files?: { volume: string; path: string; content: string; mode: number }[];
}

/** Unit roles the proxy serves (on the shared network, each at its own host name). */
export const PROXIED_ROLES: ReadonlySet<string> = new Set(['app', 'web']);

/** Labels on everything Summoner creates: the engine is the source of truth. */
export const LABEL = {
  app: 'summoner.app',
  role: 'summoner.role', // app | web | db | cache | worker | job
  domain: 'summoner.domain',
  version: 'summoner.version', // image tag deployed
  digest: 'summoner.digest', // catalog digest
  managed: 'summoner.managed', // "true"
  config: 'summoner.config-hash', // hash of the container spec we created, to detect hand changes
  imageDigest: 'summoner.image-digest', // what the tag resolved to when the container was created (repo digest, else the image id)
  proxy: 'summoner.proxy', // the managed proxy's container or service: its domain
  scale: 'summoner.scale', // Swarm: the tasks `scale` asked for (kept through restarts, updates and backups)
} as const;

export interface ContainerPlan {
  name: string; // `<app>-<domain>`, `<dbtype>-<app>-<domain>`, `<app>-<service>-<domain>` for the others
  /** The label role: the main web service `app`, any other web service `web`, every database `db` (the main
   *  one named `<dbtype>-<app>-<domain>`), then `cache`, `worker`, `job`. */
  role: 'app' | 'web' | 'db' | 'cache' | 'worker' | 'job';
  /** A job: runs once, must exit 0 before what depends on it starts, and is never restarted. */
  oneShot?: boolean;
  image: string; // repository:tag
  env: Record<string, string>; // resolved; may hold secrets: never log a plan's env
  command?: string[];
  entrypoint?: string[];
  user?: string;
  mounts: { source: string; target: string; readOnly: boolean }[];
  ports: { host: number; container: number; protocol: 'tcp' | 'udp' }[];
  networks: string[];
  /** DNS aliases on the private network (e.g. `db`, the compose service name). */
  aliases: string[];
  labels: Record<string, string>;
  health: HealthSpec;
  /** Hardening and limits from the compose file (cap_drop, read_only, memory…). */
  limits?: ServiceLimits;
}

/** One service of the minion in the plan: every original service is listed, whether it runs today or not. */
export interface PlannedService {
  service: string;
  role: ServiceRole;
  image: string;
  dependsOn: Dependency[];
  /** Host folder → container path. */
  mounts: { source: string; target: string; readOnly: boolean }[];
  /** The ContainerPlan that runs it (every service has one: web, databases, caches, workers, jobs). */
  container?: string;
  /** web: the host name the proxy serves it at. */
  host?: string;
}

export interface DeployPlan {
  app: string;
  domain: string;
  url: string; // https://<subdomain>.<domain>
  version: string;
  networks: { name: string; internal: boolean; labels: Record<string, string> }[];
  /** Folders to create before start (bind mount sources), with the owner uid if the image needs one. */
  folders: string[];
  /** Owners (uid:gid) of those folders whose image needs one; a folder not listed keeps the default owner. */
  folderOwners?: Record<string, { uid: number; gid: number }>;
  /** Database first, then the app. */
  containers: ContainerPlan[];
  /** Every service of the minion, in dependency order (databases and caches first, jobs before what needs them). */
  services: PlannedService[];
  /** Every volume and its host folder. */
  volumes: { name: string; folder: string }[];
  /** Names of generated secrets this plan uses (values live in the secrets file, never in the plan text). */
  secrets: string[];
  requires: Minion['requires'];
  /**
   * Files to write (create or replace) before the containers start, after `folders` exist: `path` is under one
   * of `folders` (make its parent folders too), `mode` e.g. 0o600, `owner` when the folder has one. The content
   * may hold secrets (an htpasswd line): never log it.
   */
  files?: { path: string; content: string; mode: number; owner?: { uid: number; gid: number } }[];
}
