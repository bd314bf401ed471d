// Loads dockerode without the two transports Summoner never uses at start: docker-modem requires `ssh2`
// (for ssh:// engines) and dockerode requires gRPC (for BuildKit sessions), both eagerly. Together they
// cost ~11 MB of resident memory and ~0.3 s per start for a bot that talks to a unix socket. They are
// swapped for stand-ins that load the real package on first use, so an ssh:// engine still works.
import Module, { createRequire } from 'node:module';
import type DockerType from 'dockerode';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Loader };
const require = createRequire(import.meta.url);

let cached: typeof DockerType | undefined;

function onFirstUse(name: string, parent: unknown, original: Loader): () => Record<string, unknown> {
  let real: Record<string, unknown> | undefined;
  return () => (real ??= original(name, parent, false) as Record<string, unknown>);
}

export function loadDockerode(): typeof DockerType {
  if (cached) return cached;
  const original = mod._load;
  const stubs = new Map<string, unknown>();
  mod._load = function (request, parent, isMain) {
    if (request === 'ssh2') {
      if (!stubs.has(request)) {
        const real = onFirstUse(request, parent, original);
        // docker-modem reads `.Client` when it loads and calls `new Client()` only for ssh:// engines
        stubs.set(request, { Client: function Client(...args: unknown[]) { return new (real().Client as new (...a: unknown[]) => object)(...args); } });
      }
      return stubs.get(request);
    }
    if (request === '@grpc/grpc-js' || request === '@grpc/proto-loader') {
      if (!stubs.has(request)) {
        const real = onFirstUse(request, parent, original);
        stubs.set(request, new Proxy({}, { get: (_t, key) => real()[key as string] }));
      }
      return stubs.get(request);
    }
    return original.call(this, request, parent, isMain);
  };
  try {
    cached = require('dockerode') as typeof DockerType;
  } finally {
    mod._load = original;
  }
  return cached;
}
