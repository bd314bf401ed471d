// Images: is it here? else pull it, with progress, and reject on in-band errors (STYLE "What to avoid" 5).
import { SummonerError } from '../../errors.js';
import type { Engine } from './connection.js';
import { call, isNotFound, mapEngineError } from './errors.js';
import { followProgress, type ProgressEvent } from './streams.js';

export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  env: string[];
  cmd: string[] | null;
  entrypoint: string[] | null;
  user: string;
  labels: Record<string, string>;
}

/** The image's config, or undefined when it is not present locally. */
export async function inspectImage(engine: Engine, ref: string): Promise<ImageInfo | undefined> {
  try {
    const i = await engine.docker.getImage(ref).inspect();
    return {
      id: i.Id,
      repoTags: i.RepoTags ?? [],
      repoDigests: i.RepoDigests ?? [],
      env: i.Config?.Env ?? [],
      cmd: (i.Config?.Cmd as string[] | null | undefined) ?? null,
      entrypoint: (i.Config?.Entrypoint as string[] | string | null | undefined) == null ? null : ([] as string[]).concat(i.Config.Entrypoint as string[] | string),
      user: i.Config?.User ?? '',
      labels: (i.Config?.Labels as Record<string, string> | null | undefined) ?? {},
    };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw mapEngineError(err, { doing: `inspecting image ${ref}`, socket: engine.socket });
  }
}

export interface PullProgress {
  /** One line for the channel: "pulling summoner/web:1.1: 3/5 layers, 12.3 of 40.1 MB". */
  text: string;
  event: ProgressEvent;
}

export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress?: string;
}

/** Pull `ref` (repository:tag) and resolve only once every layer is there; image.missing if it does not exist. */
export async function pullImage(engine: Engine, ref: string, onProgress: (p: PullProgress) => void, auth?: RegistryAuth): Promise<void> {
  const ctx = { doing: `pulling ${ref}`, socket: engine.socket, image: ref };
  const stream = await call(ctx, () => engine.docker.pull(ref, auth ? { authconfig: auth } : {}) as Promise<NodeJS.ReadableStream>);
  const layers = new Map<string, { current: number; total: number; done: boolean }>();
  try {
    await followProgress(stream as unknown as import('node:stream').Readable, (event) => {
      if (event.id && event.status && !/^Pulling from/.test(event.status)) {
        const l = layers.get(event.id) ?? { current: 0, total: 0, done: false };
        if (event.progressDetail?.total) {
          l.total = event.progressDetail.total;
          l.current = event.progressDetail.current ?? l.current;
        }
        if (/Pull complete|Already exists/.test(event.status)) l.done = true;
        layers.set(event.id, l);
      }
      onProgress({ text: summarise(ref, layers, event), event });
    });
  } catch (err) {
    throw mapEngineError(err, ctx);
  }
  if (!(await inspectImage(engine, ref))) {
    throw new SummonerError('image.missing', `pull of ${ref} ended but the image is not there`, { hint: 'try again; check the engine log' });
  }
}

function summarise(ref: string, layers: Map<string, { current: number; total: number; done: boolean }>, e: ProgressEvent): string {
  if (layers.size === 0) return `pulling ${ref}: ${e.status ?? '…'}`;
  const all = [...layers.values()];
  const done = all.filter((l) => l.done).length;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const cur = all.reduce((a, l) => a + (l.done ? l.total : l.current), 0);
  const tot = all.reduce((a, l) => a + l.total, 0);
  return `pulling ${ref}: ${done}/${all.length} layers${tot ? `, ${mb(cur)} of ${mb(tot)} MB` : ''}`;
}

/** Local image or pull; the reporter gets the pull's progress lines. Resolves with the image's config. */
export async function ensureImage(engine: Engine, ref: string, onProgress: (p: PullProgress) => void, auth?: RegistryAuth): Promise<ImageInfo> {
  const here = await inspectImage(engine, ref);
  if (here) return here;
  await pullImage(engine, ref, onProgress, auth);
  const info = await inspectImage(engine, ref);
  if (!info) throw new SummonerError('image.missing', `image ${ref} not found after pull`);
  return info;
}

/** Tag an image (e.g. to pin the old one before an update). */
export async function tagImage(engine: Engine, source: string, repo: string, tag: string): Promise<void> {
  await call({ doing: `tagging ${source} as ${repo}:${tag}`, socket: engine.socket, image: source }, () =>
    engine.docker.getImage(source).tag({ repo, tag }),
  );
}
