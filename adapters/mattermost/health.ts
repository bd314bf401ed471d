// Health from the socket's state (pure, clock injected). The client pings every pingIntervalMs and the server
// answers at once, so a healthy socket never stays silent much longer than one interval; we allow half an interval
// of slack for the round trip before calling it deaf.
import type { Health } from '../../src/robot/types.js';
import type { SocketState } from './socket.js';

export function socketHealth(
  s: SocketState | undefined,
  opts: { pingIntervalMs: number; now: number; running: boolean; pendingPosts: number },
): Health {
  if (!opts.running || !s) return { healthy: false, detail: 'mattermost: not running' };
  const backlog = opts.pendingPosts > 0 ? `, ${opts.pendingPosts} post(s) queued` : '';
  if (!s.up) {
    const since = s.downSince !== undefined ? ` for ${Math.round((opts.now - s.downSince) / 1000)}s` : '';
    const retry = s.fails > 0 ? `, ${s.fails} failed reconnect(s)` : '';
    const why = s.lastError ? ` (last error: ${s.lastError})` : '';
    return { healthy: false, detail: `mattermost: socket down${since}${retry}${why}${backlog}` };
  }
  const silentMs = opts.now - s.lastFrameAt;
  if (silentMs > opts.pingIntervalMs * 1.5) {
    return {
      healthy: false,
      detail: `mattermost: socket silent for ${Math.round(silentMs / 1000)}s (ping interval ${Math.round(opts.pingIntervalMs / 1000)}s)${backlog}`,
    };
  }
  return { healthy: true, detail: `mattermost: connected${backlog}` };
}
