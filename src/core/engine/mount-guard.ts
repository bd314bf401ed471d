// The last check before the engine mounts a host folder into a container or a Swarm task: the folder must lie
// under `<root>/<app>/` for one of the engine's mount roots (the data roots) and the app the container is
// labelled with, also once symlinks are followed. The catalog and the plan check the same thing first; this
// refuses a plan built any other way (defence in depth). No roots configured means no mounts (fail closed).
import fs from 'node:fs';
import path from 'node:path';
import { SummonerError } from '../../errors.js';
import { LABEL } from '../types.js';
import type { Engine } from './connection.js';

/** The real path of `p`: its longest existing ancestor resolved through symlinks, the rest appended. */
function realish(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return abs;
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

const APP = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Is `source` inside `<root>/<app>/` for one of the roots, before and after following symlinks? */
export function mountAllowed(source: string, app: string | undefined, roots: readonly string[]): boolean {
  if (!app || !APP.test(app)) return false;
  const abs = path.resolve(source);
  return roots.some((root) => {
    const base = path.resolve(root, app);
    const realBase = realish(base);
    return abs.startsWith(`${base}${path.sep}`) && realish(abs).startsWith(`${realBase}${path.sep}`);
  });
}

/** Throws `engine.mount_refused` for the first host folder outside the app's folders under the engine's roots. */
export function assertMounts(engine: Pick<Engine, 'mountRoots'>, what: string, labels: Record<string, string> | undefined, sources: string[]): void {
  if (sources.length === 0) return;
  const roots = engine.mountRoots ?? [];
  const app = labels?.[LABEL.app];
  for (const source of sources) {
    if (!mountAllowed(source, app, roots)) {
      throw new SummonerError(
        'engine.mount_refused',
        `refusing to mount ${source.slice(0, 200)} into ${what}: it is not inside ${roots.length ? roots.map((r) => path.join(r, app ?? '<app>') + path.sep).join(' or ') : 'any data root (none configured)'}`,
        { hint: 'only folders under the data roots, one per app, are mounted; the catalog file or the plan is wrong' },
      );
    }
  }
}

/** Before any mkdir, chown or write: every folder and file of a plan lies under `<root>/<app>/` (symlinks followed). */
export function assertAppPaths(app: string, roots: readonly string[], paths: string[]): void {
  for (const p of paths) {
    if (!mountAllowed(p, app, roots)) {
      throw new SummonerError('plan.path_outside', `refusing to create ${p.slice(0, 200)}: it is not inside ${roots.map((r) => path.join(r, app) + path.sep).join(' or ')}`, {
        hint: 'the catalog file or the plan is wrong (or a folder under the data root is a symlink leading out of it)',
      });
    }
  }
}

/** The chown helper mounts one folder of an app: it must lie inside `<root>/<app>/` for some app (symlinks followed). */
export function assertInsideAnApp(engine: Pick<Engine, 'mountRoots'>, target: string): void {
  const roots = engine.mountRoots ?? [];
  const abs = path.resolve(target);
  for (const root of roots) {
    const rel = path.relative(path.resolve(root), abs).split(path.sep);
    if (rel.length >= 2 && rel[0] !== '..' && mountAllowed(abs, rel[0], [root])) return;
  }
  throw new SummonerError('engine.mount_refused', `refusing to hand ${target.slice(0, 200)} to another owner: it is not inside an app's folder under the data roots`, {
    hint: 'only folders under the data roots, one per app, are handed over',
  });
}
