// The three semver functions Summoner uses, loaded on first call: its submodules are ~20 CommonJS files that
// the start does not need (only the catalog's checks, read after ready, and a summon's preflight call them).
import { createRequire } from 'node:module';
import type coerceFn from 'semver/functions/coerce.js';
import type satisfiesFn from 'semver/functions/satisfies.js';
import type validRangeFn from 'semver/ranges/valid.js';

const require = createRequire(import.meta.url);
let fns: { coerce: typeof coerceFn; satisfies: typeof satisfiesFn; validRange: typeof validRangeFn } | undefined;
const semver = () =>
  (fns ??= {
    // submodules, not the index (which loads every class and range helper: ~4 MB resident)
    coerce: require('semver/functions/coerce.js') as typeof coerceFn,
    satisfies: require('semver/functions/satisfies.js') as typeof satisfiesFn,
    validRange: require('semver/ranges/valid.js') as typeof validRangeFn,
  });

export const coerce: typeof coerceFn = (...a: Parameters<typeof coerceFn>) => semver().coerce(...a);
export const satisfies: typeof satisfiesFn = (...a: Parameters<typeof satisfiesFn>) => semver().satisfies(...a);
export const validRange: typeof validRangeFn = (...a: Parameters<typeof validRangeFn>) => semver().validRange(...a);
