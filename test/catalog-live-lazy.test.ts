// The live catalog is read on first use, not when the core is made: the bot is ready (prompt, chat connected)
// before the minion files are parsed and checked, and main.ts reads them right after. Its warnings are said
// once, when it loads.
import { describe, expect, it } from 'vitest';
import { liveCatalog } from '../src/core/catalog/live.js';
import type { Catalog } from '../src/core/catalog/load.js';

const catalogOf = (names: string[], problems: Catalog['problems'] = []): Catalog => ({
  problems,
  notes: [],
  names: () => names,
  get: () => undefined,
  all: () => [],
  lookup: () => undefined,
} as unknown as Catalog);

describe('live catalog', () => {
  it('loads nothing until first used, then once; the loaded callback hears the first load', () => {
    let loads = 0;
    const heard: string[][] = [];
    const live = liveCatalog(
      () => {
        loads++;
        return catalogOf([`app${loads}`], [{ file: 'x/compose.yml', key: 'image', message: 'bad' }]);
      },
      (c) => heard.push(c.problems.map((p) => p.message)),
    );
    expect(loads).toBe(0);
    expect(heard).toEqual([]);
    expect(live.names()).toEqual(['app1']);
    expect(live.problems).toHaveLength(1);
    expect(loads).toBe(1);
    expect(heard).toEqual([['bad']]);
    // a reload (minion add/remove) replaces it; the start's warnings are not said again
    expect(live.reload().names()).toEqual(['app2']);
    expect(live.names()).toEqual(['app2']);
    expect(loads).toBe(2);
    expect(heard).toHaveLength(1);
  });

  it('a reload before any use is the catalog from then on', () => {
    let loads = 0;
    const live = liveCatalog(() => catalogOf([`app${++loads}`]));
    live.reload();
    expect(live.names()).toEqual(['app1']);
    expect(loads).toBe(1);
  });
});
