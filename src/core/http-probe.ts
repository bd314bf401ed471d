// A plain HTTP GET over a fresh connection with a chosen Host header: how the proxy confirms a reload and
// the certificates' pre-flight probes a challenge token (both reach nginx by address, whatever DNS says).
import net from 'node:net';

/** Where to reach an HTTP server; `via` runs the GET elsewhere (the engine's probe container: engine/probe.ts). */
export interface ReachAddress {
  host: string;
  port: number;
  via?: (host: string, port: number, pathname: string, hostHeader: string, timeoutMs: number) => Promise<{ status: number; body: string }>;
}

/** plainGet on the first address that answers; rejects with the last connection error when none does. */
export async function getVia(at: readonly ReachAddress[], pathname: string, hostHeader: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  let last: unknown = new Error('no address to reach the proxy at');
  for (const a of at) {
    try {
      return await (a.via ?? plainGet)(a.host, a.port, pathname, hostHeader, timeoutMs);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

/** GET over a fresh connection with a given Host header; rejects only when no answer came. */
export function plainGet(host: string, port: number, pathname: string, hostHeader: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let data = '';
    const timer = setTimeout(() => sock.destroy(new Error('timeout')), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`));
    sock.on('data', (d: string) => (data += d));
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('end', () => {
      clearTimeout(timer);
      const cut = data.indexOf('\r\n\r\n');
      const head = cut < 0 ? data : data.slice(0, cut);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      if (!status) reject(new Error('no HTTP answer'));
      else resolve({ status, body: cut < 0 ? '' : data.slice(cut + 4) });
    });
  });
}
