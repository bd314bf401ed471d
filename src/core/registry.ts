// Registry HTTP API v2: the tags of an image's repository (`/v2/<name>/tags/list`), following `Link`
// pagination, with the Bearer token flow (401 + `WWW-Authenticate: Bearer realm=…`) and Basic auth for
// private registries. Then a semver-ish sort, the pinned tag marked, major jumps flagged.
import { SummonerError } from '../errors.js';

export interface ImageRef {
  /** Registry host[:port]; `docker.io` for Docker Hub. */
  registry: string;
  /** Repository path in the registry (`library/nginx`, `summoner/web`). */
  repository: string;
  tag: string;
}

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface TagListOptions {
  /** Credentials per registry host (`127.0.0.1:5000`, `docker.io`). */
  credentials?: Record<string, RegistryCredentials>;
  fetch?: typeof fetch;
  /** Page size asked for (`n`); the registry may ignore it. */
  pageSize?: number;
  maxPages?: number;
  timeoutMs?: number;
}

export function parseImageRef(ref: string): ImageRef {
  let rest = ref.replace(/@sha256:[0-9a-f]+$/, '');
  let tag = 'latest';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split('/')[0] ?? '';
  let registry = 'docker.io';
  let repository = rest;
  if (rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    repository = rest.slice(first.length + 1);
  }
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') {
    registry = 'docker.io';
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  return { registry, repository, tag };
}

export function registryBaseUrl(registry: string): string {
  if (registry === 'docker.io') return 'https://registry-1.docker.io';
  const host = registry.replace(/:\d+$/, '');
  const plain = host === 'localhost' || /^127\./.test(host) || host === '[::1]';
  return `${plain ? 'http' : 'https'}://${registry}`;
}

/** Parse `Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`). */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  const params: Record<string, string> = {};
  if (!m) return { scheme: '', params };
  const re = /(\w+)=(?:"([^"]*)"|([^,\s]*))/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2] ?? ''))) params[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme: (m[1] ?? '').toLowerCase(), params };
}

/** The next page's URL from a `Link: </v2/…?last=x&n=y>; rel="next"` header. */
export function nextLink(link: string | null, base: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (m?.[1]) return new URL(m[1], base).toString();
  }
  return undefined;
}

const basic = (c: RegistryCredentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** All tags of the image's repository. */
export async function listTags(image: string | ImageRef, opts: TagListOptions = {}): Promise<string[]> {
  const ref = typeof image === 'string' ? parseImageRef(image) : image;
  const doFetch = opts.fetch ?? fetch;
  const base = registryBaseUrl(ref.registry);
  const creds = opts.credentials?.[ref.registry];
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let authorization: string | undefined;
  let url: string | undefined = `${base}/v2/${ref.repository}/tags/list${opts.pageSize ? `?n=${opts.pageSize}` : ''}`;
  const tags: string[] = [];
  const get = async (u: string, auth?: string) => {
    try {
      return await doFetch(u, { headers: { accept: 'application/json', ...(auth ? { authorization: auth } : {}) }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (err) {
      throw new SummonerError('registry.unreachable', `the registry ${ref.registry} does not answer`, {
        hint: 'check the network and the registry address',
        cause: err,
      });
    }
  };
  for (let page = 0; url && page < (opts.maxPages ?? 50); page++) {
    let res = await get(url, authorization);
    if (res.status === 401 && !authorization?.startsWith('Bearer') && page === 0) {
      const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
      if (challenge.scheme === 'bearer' && challenge.params.realm) {
        authorization = `Bearer ${await fetchToken(challenge.params, ref, creds, get)}`;
      } else if (challenge.scheme === 'basic' && creds) {
        authorization = basic(creds);
      } else {
        throw new SummonerError('registry.denied', `the registry ${ref.registry} wants credentials for ${ref.repository}`, {
          hint: 'add credentials for this registry',
        });
      }
      res = await get(url, authorization);
    }
    if (res.status === 401 || res.status === 403) {
      throw new SummonerError('registry.denied', `the registry ${ref.registry} refused access to ${ref.repository} (HTTP ${res.status})`, {
        hint: 'check the registry credentials',
      });
    }
    if (res.status === 404) {
      throw new SummonerError('image.missing', `the registry ${ref.registry} has no repository ${ref.repository}`);
    }
    if (!res.ok) throw new SummonerError('registry.error', `the registry ${ref.registry} answered HTTP ${res.status}`);
    const body = (await res.json().catch(() => undefined)) as { tags?: string[] | null } | undefined;
    if (!body || (body.tags !== null && body.tags !== undefined && !Array.isArray(body.tags))) {
      throw new SummonerError('registry.error', `the registry ${ref.registry} sent an unreadable tag list`);
    }
    tags.push(...(body.tags ?? []));
    url = nextLink(res.headers.get('link'), url);
  }
  return [...new Set(tags)];
}

async function fetchToken(
  params: Record<string, string>,
  ref: ImageRef,
  creds: RegistryCredentials | undefined,
  get: (u: string, auth?: string) => Promise<Response>,
): Promise<string> {
  const u = new URL(params.realm!);
  if (params.service) u.searchParams.set('service', params.service);
  u.searchParams.set('scope', params.scope ?? `repository:${ref.repository}:pull`);
  const res = await get(u.toString(), creds ? basic(creds) : undefined);
  if (!res.ok) {
    throw new SummonerError('registry.denied', `the registry's token service refused a token for ${ref.repository} (HTTP ${res.status})`, {
      hint: 'check the registry credentials',
    });
  }
  const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new SummonerError('registry.error', 'the registry\'s token service sent no token');
  return token;
}

// ---- ordering -------------------------------------------------------------------------------------

interface Parsed {
  nums: number[];
  suffix: string;
}

/** "1.2.3", "v2.0", "10.11-rc1", "15-alpine": numbers then a suffix; undefined for "latest", "edge", … */
export function parseTag(tag: string): Parsed | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(.*)$/.exec(tag);
  if (!m) return undefined;
  return { nums: m[1]!.split('.').map(Number), suffix: m[2] ?? '' };
}

export function compareTags(a: string, b: string): number {
  const pa = parseTag(a);
  const pb = parseTag(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b); // version tags before words
  for (let i = 0; i < Math.max(pa.nums.length, pb.nums.length); i++) {
    const d = (pb.nums[i] ?? -1) - (pa.nums[i] ?? -1);
    if (d) return d; // newest first
  }
  if (pa.suffix !== pb.suffix) {
    if (!pa.suffix) return -1; // a release before its pre-releases/variants
    if (!pb.suffix) return 1;
    return pa.suffix.localeCompare(pb.suffix);
  }
  return 0;
}

export interface TagEntry {
  tag: string;
  pinned: boolean;
  /** Newer than the pinned tag. */
  newer: boolean;
  /** A different major than the pinned tag: read the release notes, back up first. */
  majorJump: boolean;
}

export interface VersionsReport {
  repository: string;
  registry: string;
  pinned: string;
  /** Newest first; version tags before words like "latest". */
  tags: TagEntry[];
  /** Newest tag with the pinned tag's major (a safe update), if newer than the pinned one. */
  newestSameMajor?: string;
  newest?: string;
}

export function versionsReport(ref: ImageRef, tags: string[], pinned: string): VersionsReport {
  const sorted = [...new Set(tags)].sort(compareTags);
  const pm = parseTag(pinned)?.nums[0];
  const entries = sorted.map((tag): TagEntry => {
    const p = parseTag(tag);
    return {
      tag,
      pinned: tag === pinned,
      newer: !!p && !!parseTag(pinned) && compareTags(tag, pinned) < 0,
      majorJump: !!p && pm !== undefined && p.nums[0] !== pm,
    };
  });
  const versions = entries.filter((e) => parseTag(e.tag) && !parseTag(e.tag)!.suffix);
  const same = versions.find((e) => !e.majorJump && e.newer);
  return {
    repository: ref.repository,
    registry: ref.registry,
    pinned,
    tags: entries,
    ...(same ? { newestSameMajor: same.tag } : {}),
    ...(versions[0] ? { newest: versions[0].tag } : {}),
  };
}
