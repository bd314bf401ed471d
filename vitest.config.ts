import { defineConfig } from 'vitest/config';

// Files that touch the real Docker Engine run one at a time (they share one engine, and one of them cuts
// the engine's connection mid-summon); everything else stays parallel. `npm test` runs the two projects
// one after the other: the engine's own timings (swarm task stops) suffered under the unit files' load.
const DOCKER_TESTS = [
  'test/engine*.test.ts',
  'test/services*.test.ts',
  'test/docker-*.test.ts',
  // the security findings whose proof runs against the engine
  'test/security/f2-engine-mount-guard.test.ts',
  'test/security/f6-container-privileges.test.ts',
  'test/security/f6-listeners.test.ts',
  'test/security/f6-no-shared-network.test.ts',
];

// The files that take an engine for themselves (one stops and starts dockerd, and with it the nested Swarm
// nodes; one drains and stops Swarm nodes): they run after the others, one at a time. The Swarm files run on nested nodes of their own (scripts/docker/swarm-nodes.sh).
const DOCKER_ALONE = ['test/services-engine-restart.test.ts', 'test/docker-swarm-nodes.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      // (two at a time: vitest's default on two cores is one worker, and the unit files wait on sockets and child
      // processes as much as they compute; 267 s for 110 files here, against 330 s and more one at a time)
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: DOCKER_TESTS, maxWorkers: 2 } },
      // three engine files at a time (each owns its app names, domains, ports and folders): most of their time
      // is spent waiting on containers, not on these two cores (two at a time: 1167 s for 31 files, balanced)
      { extends: true, test: { name: 'docker', include: DOCKER_TESTS, exclude: DOCKER_ALONE, maxWorkers: 3 } },
      { extends: true, test: { name: 'docker-alone', include: DOCKER_ALONE, fileParallelism: false } },
    ],
  },
});
