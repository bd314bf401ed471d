// The catalog the running bot reads: the same view over whatever was loaded last, so that a minion added or
// removed from chat (`minion add`, `minion remove`) is seen by every part holding the catalog, without a restart.
import type { Catalog } from './load.js';

export interface LiveCatalog extends Catalog {
  /** Load the folders again; the new catalog replaces the old one only once it has loaded. */
  reload(): Catalog;
}

export function liveCatalog(load: () => Catalog): LiveCatalog {
  let current = load();
  return {
    get problems() {
      return current.problems;
    },
    get notes() {
      return current.notes;
    },
    get: (name) => current.get(name),
    names: () => current.names(),
    all: () => current.all(),
    lookup: (name) => current.lookup(name),
    reload() {
      current = load();
      return current;
    },
  };
}
