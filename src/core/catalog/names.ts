// Name grammars the catalog enforces: minion names, image references and tags, variable names, container
// names. Everything a user or a catalog file can put into a name passes one of these first.

/** A minion name (folder or file name): lower-case, digits, dash, underscore; a subset of the robot's WORD. */
export const MINION_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Docker's tag grammar (distribution/reference). */
export const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A variable usable in `${…}`: upper-case, digits, underscore. */
export const VARIABLE_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Docker container and network names (daemon: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`); capped at a DNS label (63). */
export const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/** A DNS label (the subdomain). */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A DNS name such as example.org (same rule as the config's `domain`). */
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

// distribution/reference: [domain[:port]/]path-component(/path-component)*
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const REPOSITORY = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`,
);

/**
 * A volume name (top-level `volumes:`, a service's `name:/path`, `x-summoner.files[].volume`): it becomes one
 * folder `<root>/<app>/<name>`, so `.`, `..`, absolute paths and names with `/` can never pass.
 */
export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

export function volumeNameProblem(name: string): string | undefined {
  if (VOLUME_NAME.test(name) && !name.includes('..')) return undefined;
  return `${shownName(name)} is not a volume name: letters, digits, _ . -, starting with a letter or digit, at most 64 (it becomes one folder under the app's data root; ".", ".." and "/" would reach outside it)`;
}

export interface ImageRef {
  repository: string;
  /** The tag; `latest` when the reference has none. */
  tag: string;
  /** `sha256:…` when the reference carries a digest: the strongest pin. */
  digest?: string;
  /** A tag that moves (`latest`, `stable`, `alpine`, a bare major such as `16`) and no digest. */
  floating: boolean;
}

export type ImageRefResult = { ok: true; ref: ImageRef } | { ok: false; message: string };

const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Tags that name a channel rather than a release. */
const CHANNEL_TAGS = /^(latest|stable|mainline|alpine|slim|release|main|master|edge|nightly|dev|develop|beta|rc|current|lts)$/i;

/** Does this tag move under the same name? A bare major (`1`, `16`, `v2`) or a channel (`stable`, `alpine`). */
export function isFloatingTag(tag: string): boolean {
  return CHANNEL_TAGS.test(tag) || /^v?\d+(-[a-z]+)?$/i.test(tag) || !/\d/.test(tag);
}

/**
 * Split `repo[:tag][@sha256:…]`. `repo:tag@sha256:…` is the strongest pin; a missing tag means `latest`, which
 * (like any floating tag) is accepted: the caller reports it as a warning.
 */
export function parseImageRef(image: string): ImageRefResult {
  if (image.length > 255) return { ok: false, message: 'the image reference is too long' };
  if (image.includes('$')) return { ok: false, message: 'the image must be written out, without ${…} variables' };
  let rest = image;
  let digest: string | undefined;
  const at = image.indexOf('@');
  if (at >= 0) {
    digest = image.slice(at + 1);
    rest = image.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, message: `${shownName(digest)} is not an image digest (sha256: and 64 hex digits)` };
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const repository = colon > slash ? rest.slice(0, colon) : rest;
  // `postgres:` (a tag variable left empty) is `postgres`, as a missing tag: latest
  const tag = colon > slash && colon < rest.length - 1 ? rest.slice(colon + 1) : 'latest';
  if (!REPOSITORY.test(repository)) return { ok: false, message: `${shownName(repository)} is not a valid image repository` };
  if (!TAG.test(tag)) return { ok: false, message: `${shownName(tag)} is not a valid image tag (letters, digits, _ . -, at most 128, not starting with . or -)` };
  return { ok: true, ref: { repository, tag, ...(digest ? { digest } : {}), floating: !digest && isFloatingTag(tag) } };
}

/** The reference to pull: `repo:tag`, or `repo:tag@sha256:…` when pinned by digest. */
export function imageString(repository: string, tag: string, digest?: string): string {
  return digest ? `${repository}:${tag}@${digest}` : `${repository}:${tag}`;
}

const NOT_A_VERSION = new Set(['version', 'versions', 'release', 'releases', 'tag', 'tags', 'new', 'newest', 'newer', 'image']);

/** A tag a user or a file may ask for: Docker's grammar, and never `latest` (not a version). */
export function checkTag(tag: string): { ok: true } | { ok: false; message: string } {
  if (!TAG.test(tag)) {
    return {
      ok: false,
      message: `${tag.length > 40 ? `${JSON.stringify(tag.slice(0, 40))}… (${tag.length} characters)` : JSON.stringify(tag)} is not a valid image tag (letters, digits, _ . -, at most 128, not starting with . or -)`,
    };
  }
  if (tag.toLowerCase() === 'latest') return { ok: false, message: '`latest` is not a version: pin one, e.g. 1.2.3' };
  // `update gitlab version`: the word for a version, not one (a tag so named would not exist to pull)
  if (NOT_A_VERSION.has(tag.toLowerCase())) return { ok: false, message: `\`${tag}\` is not a version: name one (\`versions <app>\` lists them), or leave it out for the catalog's` };
  return { ok: true };
}

/** `example.org` → `example-org` (container and network names). */
export function domainSlug(domain: string): string {
  return domain.replace(/\./g, '-');
}

/** A name shown back to the user: quoted, cut at 40 characters (a hostile name may be 10 KB of anything). */
export function shownName(s: string): string {
  return s.length > 40 ? `${JSON.stringify(s.slice(0, 40))}… (${s.length} characters)` : JSON.stringify(s);
}

/** Words commands give a meaning of their own (`backup all`, `backup summoner`): never a minion's name. */
export const RESERVED_MINION_NAMES: ReadonlySet<string> = new Set(['all', 'summoner']);

/** Why a string is not a minion name (undefined when it is one). */
export function minionNameProblem(name: string): string | undefined {
  if (RESERVED_MINION_NAMES.has(name)) return `${shownName(name)} cannot name a minion: commands use it for themselves (\`backup ${name}\`); give the folder or file another name`;
  if (MINION_NAME.test(name)) return undefined;
  return `${shownName(name)} is not a minion name: lower-case letters, digits, - and _, at most 32, starting with a letter or digit`;
}
