// Node 20 lacks two globals WebSocketClient uses even with a custom newWebSocketFn (contract §12):
// `WebSocket` (for WebSocket.OPEN) and `CloseEvent` (constructed on ping timeout and sequence mismatch; without it
// the process dies on an uncaught ReferenceError). Define them only when missing; stub nothing else.
import { createRequire } from 'node:module';
import type WebSocketModule from 'ws';

// required, not imported: see rest.ts
const WebSocket = createRequire(import.meta.url)('ws') as typeof WebSocketModule;

class CloseEventPolyfill extends Event {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
  constructor(type: string, init: { code?: number; reason?: string; wasClean?: boolean } = {}) {
    super(type);
    this.code = init.code ?? 0;
    this.reason = init.reason ?? '';
    this.wasClean = init.wasClean ?? false;
  }
}

export function ensureWebSocketGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  if (typeof g['WebSocket'] === 'undefined') g['WebSocket'] = WebSocket;
  if (typeof g['CloseEvent'] === 'undefined') g['CloseEvent'] = CloseEventPolyfill;
}
