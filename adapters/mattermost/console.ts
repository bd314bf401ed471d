// @mattermost/client reports its socket's life with console.log ("websocket connecting to …") and has no
// logger option. In a service whose stdout is one JSON line per event those lines break the stream, so
// while the adapter runs they go to its log at debug level instead.
import { format } from 'node:util';

interface DebugLog {
  debug(obj: object, msg?: string): void;
}

export function routeClientConsole(log: DebugLog): () => void {
  const original = console.log;
  const routed = (...args: unknown[]) => log.debug({ lib: '@mattermost/client' }, format(...args));
  console.log = routed;
  return () => {
    if (console.log === routed) console.log = original;
  };
}
