// The catalog the running bot reads: the same view over whatever was loaded last, so that a minion added or
// removed from chat (`minion add`, `minion remove`) is seen by every part holding the catalog, without a restart.
import type { Catalog } from './load.js';

export interface LiveCatalog extends Catalog {
  /** Load the folders again; the new catalog replaces the old one only once it has loaded. */
  reload(): Catalog;
}

/**
 * Loaded on first use, not when made: reading and checking every minion file (YAML, the compose schema) is
 * the longest part of a start, and the bot takes commands before it (main.ts warms it right after ready).
 * `loaded` hears each catalog once loaded (the start's warnings).
 */
export function liveCatalog(load: () => Catalog, loaded?: (c: Catalog) => void): LiveCatalog {
  let loadedOnce: Catalog | undefined;
  const first = (): Catalog => {
    if (!loadedOnce) {
      loadedOnce = load();
      loaded?.(loadedOnce);
    }
    return loadedOnce;
  };
  const view = {
    get current() {
      return first();
    },
    set current(c: Catalog) {
      loadedOnce = c;
    },
  };
  return {
    get problems() {
      return view.current.problems;
    },
    get notes() {
      return view.current.notes;
    },
    get: (name) => view.current.get(name),
    names: () => view.current.names(),
    all: () => view.current.all(),
    lookup: (name) => view.current.lookup(name),
    reload() {
      const next = load();
      view.current = next;
      return next;
    },
  };
}
