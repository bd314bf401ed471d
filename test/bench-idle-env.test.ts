// bench:idle's BENCH_NODE_ENV: the environment Summoner's idle runs get (glibc's allocator settings).
import { describe, expect, it } from 'vitest';
import { parseNodeEnv } from '../bench/idle.js';

describe('BENCH_NODE_ENV', () => {
  it('reads NAME=value entries separated by spaces, values as written', () => {
    expect(parseNodeEnv(' MALLOC_ARENA_MAX=1  GLIBC_TUNABLES=glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=0 ')).toEqual({
      MALLOC_ARENA_MAX: '1',
      GLIBC_TUNABLES: 'glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=0',
    });
    expect(parseNodeEnv('')).toEqual({});
  });

  it('refuses an entry that is not NAME=value, naming it', () => {
    expect(() => parseNodeEnv('MALLOC_ARENA_MAX=1 --no-opt')).toThrow('not "--no-opt"');
    expect(() => parseNodeEnv('1X=2')).toThrow('not "1X=2"');
  });
});
