// Minion + config + secrets → the exact DeployPlan the engine executes (pure: no I/O). Names, labels and
// folders follow one scheme so that everything can be found again from the engine:
//   containers `<app>-<domain>` and `<dbtype>-<app>-<domain>`, private network `summoner-<app>-<domain>`
//   (internal, only with a database), the shared proxy network, data under `<dataRoot>/<app>/<volume>` and
//   database files under `<dbRoot>/<app>/<volume>`.
// Secrets go into env and files only: never into labels, names or the plan's text fields.
import path from 'node:path';
import { SummonerError } from '../../errors.js';
import type { PlanDeploy } from '../ports/deploy.js';
import { publicUrl } from './public-url.js';
import { LABEL, type ContainerPlan, type DeployPlan, type Minion, type MinionService, type PlannedService, type ServiceSpec } from '../types.js';
import { interpolate } from './interpolate.js';
import { checkTag, DOMAIN, imageString, minionNameProblem, shownName, volumeNameProblem } from './names.js';

/** A version asked for in chat replaces the app's pinned tag: Docker's tag grammar, never `latest`. */
export function checkVersion(version: string): void {
  const t = typeof version === 'string' ? checkTag(version) : { ok: false as const, message: 'a version is a string' };
  if (!t.ok) {
    throw new SummonerError('minion.bad_version', t.message, { hint: 'a version is an image tag such as 1.2.3 (see `versions <app>`)' });
  }
}

type Lookup = (name: string) => string | undefined;

/** The variables of one deployment: built-ins, generated secrets, then values (which may use both). */
function variablesOf(m: Minion, builtins: Record<string, string>, secrets: Record<string, string>): Lookup {
  const known = new Map(Object.entries(builtins));
  for (const [name, spec] of Object.entries(m.variables)) {
    if (!('generate' in spec)) continue;
    const v = Object.hasOwn(secrets, name) ? secrets[name] : undefined;
    if (v === undefined) {
      throw new SummonerError('secrets.missing', `the generated secret ${name} of ${m.name} is missing`, { hint: 'secrets are generated before the plan; check the secrets file' });
    }
    known.set(name, v);
  }
  const base = new Map(known);
  for (const [name, spec] of Object.entries(m.variables)) {
    if ('value' in spec) known.set(name, resolve(spec.value, (n) => base.get(n), `${m.name}: variable ${name}`));
  }
  return (n) => known.get(n);
}

function resolve(text: string, lookup: Lookup, where: string): string {
  const r = interpolate(text, lookup);
  if (!r.ok) throw new SummonerError('minion.invalid', `${where}: ${r.message}`, { hint: 'the catalog file changed or is broken: `list` shows its problems' });
  return r.value;
}

function resolveEnv(env: Record<string, string>, lookup: Lookup, where: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, resolve(v, lookup, `${where} environment ${k}`)]));
}

const resolveList = (list: string[] | undefined, lookup: Lookup, where: string) => list?.map((v) => resolve(v, lookup, where));

/**
 * The host folder of a volume: `<root>/<app>/<volume>[/<subpath>]`, and never anything outside `<root>/<app>/`
 * (the catalog refuses such names at load; this refuses a Minion built any other way).
 */
export function volumeFolder(root: string, app: string, volume: string, subpath?: string): string {
  const bad = volumeNameProblem(volume);
  if (bad) throw new SummonerError('plan.path_outside', `${app}: ${bad}`, { hint: 'fix the volume name in the catalog file' });
  const base = path.resolve(root, app);
  const folder = path.resolve(base, volume, ...(subpath ? [subpath] : []));
  if (!folder.startsWith(`${base}${path.sep}`) || !base.startsWith(`${path.resolve(root)}${path.sep}`)) {
    throw new SummonerError('plan.path_outside', `${app}: volume ${shownName(volume)} would be stored outside ${base}${path.sep}`, { hint: 'fix the volume in the catalog file' });
  }
  return folder;
}

/** The minion's services with their roles (a Minion written by hand may carry only web and database). */
function servicesOf(m: Minion): MinionService[] {
  if (m.services?.length) return m.services;
  return [
    ...(m.database ? [{ ...m.database, role: 'database' as const, dbType: m.database.type }] : []),
    { ...m.web, role: 'web' as const },
  ];
}

const ROLE_RANK: Record<ContainerPlan['role'], number> = { db: 0, cache: 1, job: 2, worker: 3, web: 4, app: 4 };

/**
 * The start order: every service after what it `depends_on` (compose's own rule), ties broken by role
 * (databases, caches, jobs, workers, then the web service). A cycle is refused: compose refuses it too.
 */
export function startOrder(containers: ContainerPlan[], services: MinionService[]): ContainerPlan[] {
  const byService = new Map(containers.map((c) => [c.aliases[0]!, c]));
  const deps = new Map(containers.map((c) => [c.name, (services.find((s) => s.service === c.aliases[0])?.dependsOn ?? []).map((d) => byService.get(d.service)).filter((x): x is ContainerPlan => !!x)]));
  const out: ContainerPlan[] = [];
  const placed = new Set<string>();
  const pending = [...containers].sort((a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role]);
  while (pending.length) {
    const i = pending.findIndex((c) => deps.get(c.name)!.every((d) => placed.has(d.name)));
    if (i < 0) throw new SummonerError('minion.invalid', `the depends_on of ${pending.map((c) => c.aliases[0]).join(', ')} form a cycle`, { hint: 'remove one of the dependencies' });
    const [c] = pending.splice(i, 1);
    out.push(c!);
    placed.add(c!.name);
  }
  return out;
}

/**
 * What each unit waits for before it starts (container names, by container name): what its service
 * `depends_on` (compose's rule); and, for every unit but a database, the databases and the one-shot jobs placed
 * before it, as Summoner always ran them: a file that declares nothing still gets its databases and
 * migrations first. The rest start together. Only units earlier in `plan.containers` are named (start order).
 */
export function unitsBefore(plan: Pick<DeployPlan, 'containers' | 'services'>): Map<string, string[]> {
  const containerOf = new Map(plan.services.map((s) => [s.service, s.container]));
  const out = new Map<string, string[]>();
  plan.containers.forEach((c, i) => {
    const earlier = plan.containers.slice(0, i);
    const declared = new Set((plan.services.find((s) => s.container === c.name)?.dependsOn ?? []).map((d) => containerOf.get(d.service)));
    out.set(c.name, earlier.filter((e) => declared.has(e.name) || (c.role !== 'db' && (e.role === 'db' || e.oneShot))).map((e) => e.name));
  });
  return out;
}

export const planDeploy: PlanDeploy = (m, { config, version, secrets }) => {
  const app = m.name;
  const domain = config.domain;
  const badName = minionNameProblem(app);
  if (badName) throw new SummonerError('minion.bad_name', badName);
  if (!DOMAIN.test(domain)) throw new SummonerError('config.invalid', `domain ${shownName(domain)} is not a DNS name`);
  if (version !== undefined) checkVersion(version);
  const tag = version ?? m.web.tag;
  const host = `${m.subdomain}.${domain}`;
  const url = publicUrl(config, host);
  const priv = `summoner-${app}-${domain}`;
  const db = m.database;
  const lookup = variablesOf(
    m,
    { APP: app, DOMAIN: domain, SUBDOMAIN: m.subdomain, HOST: host, URL: url, ...(db ? { DB_HOST: db.service } : {}) },
    secrets,
  );

  const labels = (role: ContainerPlan['role'], t: string): Record<string, string> => ({
    [LABEL.app]: app,
    [LABEL.role]: role,
    [LABEL.domain]: domain,
    [LABEL.version]: t,
    [LABEL.digest]: m.digest,
    [LABEL.managed]: 'true',
  });
  const folders: string[] = [];
  const folderOwners: Record<string, { uid: number; gid: number }> = {};
  /** volume name → its host folder (and owner), for the files below */
  const volumeFolders = new Map<string, { folder: string; owner?: { uid: number; gid: number } }>();
  // a volume used by databases only lives under dbRoot; any other under dataRoot
  const all = servicesOf(m);
  const volumeRoles = new Map<string, Set<string>>();
  for (const s of all) for (const v of s.volumes) (volumeRoles.get(v.name) ?? volumeRoles.set(v.name, new Set()).get(v.name)!).add(s.role);
  const rootOf = (volume: string) => {
    const roles = [...(volumeRoles.get(volume) ?? [])];
    return roles.length > 0 && roles.every((r) => r === 'database') ? config.dbRoot : config.dataRoot;
  };
  const mountsOf = (svc: ServiceSpec) =>
    svc.volumes.map((v) => {
      const folder = volumeFolder(rootOf(v.name), app, v.name);
      const source = v.subpath ? volumeFolder(rootOf(v.name), app, v.name, v.subpath) : folder;
      if (!folders.includes(folder)) folders.push(folder);
      // a config's file is written by `files` below, not made a folder
      if (source !== folder && !v.file && !folders.includes(source)) folders.push(source);
      if (svc.owner) folderOwners[folder] = svc.owner;
      if (!volumeFolders.has(v.name) || svc.owner) volumeFolders.set(v.name, { folder, ...(svc.owner ? { owner: svc.owner } : {}) });
      return { source, target: v.target, readOnly: !!v.readOnly };
    });
  const runSpec = (svc: ServiceSpec, where: string) => {
    const command = resolveList(svc.command, lookup, `${where} command`);
    const entrypoint = resolveList(svc.entrypoint, lookup, `${where} entrypoint`);
    const user = svc.user === undefined ? undefined : resolve(svc.user, lookup, `${where} user`);
    return { ...(command ? { command } : {}), ...(entrypoint ? { entrypoint } : {}), ...(user ? { user } : {}) };
  };

  const containers: ContainerPlan[] = [];
  if (db) {
    containers.push({
      name: `${db.type}-${app}-${domain}`,
      role: 'db',
      image: imageString(db.image, db.tag, db.digest),
      env: resolveEnv(db.environment, lookup, `${app} ${db.service}`),
      ...runSpec(db, `${app} ${db.service}`),
      mounts: mountsOf(db),
      ports: db.ports,
      networks: [priv],
      aliases: [db.service, ...(db.aliases ?? [])],
      labels: labels('db', db.tag),
      health: db.health,
      ...(db.limits ? { limits: db.limits } : {}),
    });
  }
  // the other services, `<app>-<service>-<domain>`: databases beyond the first, caches, workers and jobs on
  // the private network only (no published ports but a worker's UDP ones); web services beyond the first on the proxy's network too
  const extra = all.filter((s) => s.service !== m.web.service && s.service !== db?.service);
  const hasPrivate = !!db || extra.length > 0;
  for (const s of extra) {
    if (s.role === 'web') {
      const sub = s.subdomain ?? `${m.subdomain}-${s.service}`;
      const webHost = `${sub}.${domain}`;
      const webEnv = resolveEnv(s.environment, lookup, `${app} ${s.service}`);
      webEnv.VIRTUAL_HOST ??= webHost;
      webEnv.LETSENCRYPT_HOST ??= webHost;
      if (s.port !== undefined) webEnv.VIRTUAL_PORT ??= String(s.port);
      if (config.certificates.email) webEnv.LETSENCRYPT_EMAIL ??= config.certificates.email;
      containers.push({
        name: `${app}-${s.service}-${domain}`,
        role: 'web',
        image: imageString(s.image, s.tag, s.digest),
        env: webEnv,
        ...runSpec(s, `${app} ${s.service}`),
        mounts: mountsOf(s),
        ports: s.ports,
        networks: [config.engine.proxyNetwork, priv],
        aliases: [s.service, ...(s.aliases ?? [])],
        labels: labels('web', s.tag),
        health: s.health,
        ...(s.limits ? { limits: s.limits } : {}),
      });
      continue;
    }
    const role = s.role === 'database' ? 'db' : s.role;
    containers.push({
      name: `${app}-${s.service}-${domain}`,
      role,
      image: imageString(s.image, s.tag, s.digest),
      env: resolveEnv(s.environment, lookup, `${app} ${s.service}`),
      ...runSpec(s, `${app} ${s.service}`),
      mounts: mountsOf(s),
      // a worker's UDP ports only (the catalog keeps no other port of a non-web service)
      ports: s.ports,
      networks: [priv],
      aliases: [s.service, ...(s.aliases ?? [])],
      labels: labels(role, s.tag),
      health: s.health,
      ...(role === 'job' ? { oneShot: true } : {}),
      ...(s.limits ? { limits: s.limits } : {}),
    });
  }
  const env = resolveEnv(m.web.environment, lookup, `${app} ${m.web.service}`);
  // the conventional reverse-proxy variables (nginx-proxy / acme-companion style), unless the minion sets them
  env.VIRTUAL_HOST ??= host;
  env.LETSENCRYPT_HOST ??= host;
  env.VIRTUAL_PORT ??= String(m.web.port);
  if (config.certificates.email) env.LETSENCRYPT_EMAIL ??= config.certificates.email;
  containers.push({
    name: `${app}-${domain}`,
    role: 'app',
    // a version asked for replaces the pinned tag, and with it the digest
    image: version === undefined ? imageString(m.web.image, tag, m.web.digest) : `${m.web.image}:${tag}`,
    env,
    ...runSpec(m.web, `${app} ${m.web.service}`),
    mounts: mountsOf(m.web),
    ports: m.web.ports,
    networks: hasPrivate ? [config.engine.proxyNetwork, priv] : [config.engine.proxyNetwork],
    aliases: [m.web.service, ...(m.web.aliases ?? [])],
    labels: labels('app', tag),
    health: m.web.health,
    ...(m.web.limits ? { limits: m.web.limits } : {}),
  });

  containers.splice(0, containers.length, ...startOrder(containers, all));

  // every original service, in dependency order; the lifecycle runs the ones with a container today
  const running = new Map<string, string>(containers.map((c) => [c.aliases[0]!, c.name]));
  const services: PlannedService[] = all.map((s) => {
    const container = running.get(s.service);
    const c = container ? containers.find((x) => x.name === container) : undefined;
    return {
      service: s.service,
      role: s.role,
      ...(c && (c.role === 'app' || c.role === 'web') && c.env.VIRTUAL_HOST ? { host: c.env.VIRTUAL_HOST } : {}),
      image: imageString(s.image, s.tag, s.digest),
      dependsOn: s.dependsOn ?? [],
      mounts: container
        ? containers.find((c) => c.name === container)!.mounts
        : s.volumes.map((v) => ({ source: volumeFolder(rootOf(v.name), app, v.name, v.subpath), target: v.target, readOnly: !!v.readOnly })),
      ...(container ? { container } : {}),
    };
  });
  const volumes = [...new Set([...(m.volumes ?? []), ...volumeRoles.keys()])].map((name) => ({ name, folder: volumeFolder(rootOf(name), app, name) }));

  const files = (m.files ?? []).map((f) => {
    const vol = volumeFolders.get(f.volume);
    if (!vol) throw new SummonerError('minion.invalid', `${app}: file ${f.path} goes into volume ${f.volume}, which no service mounts`);
    const file = path.join(vol.folder, f.path);
    if (!file.startsWith(`${vol.folder}${path.sep}`)) throw new SummonerError('minion.invalid', `${app}: file ${f.path} leaves its volume`);
    return { path: file, content: resolve(f.content, lookup, `${app} file ${f.path}`), mode: f.mode, ...(vol.owner ? { owner: vol.owner } : {}) };
  });

  const plan: DeployPlan = {
    app,
    domain,
    url,
    version: tag,
    networks: [
      { name: config.engine.proxyNetwork, internal: false, labels: { [LABEL.managed]: 'true' } },
      ...(hasPrivate ? [{ name: priv, internal: true, labels: { [LABEL.managed]: 'true', [LABEL.app]: app, [LABEL.domain]: domain } }] : []),
    ],
    folders,
    ...(Object.keys(folderOwners).length ? { folderOwners } : {}),
    containers,
    services,
    volumes,
    secrets: Object.entries(m.variables)
      .filter(([, spec]) => 'generate' in spec)
      .map(([name]) => name),
    requires: m.requires,
    ...(files.length ? { files } : {}),
  };
  return plan;
};

