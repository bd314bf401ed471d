// The two questions boot asks the engine before the bot is ready (is it a Swarm manager? which image am I
// running from?), as plain GETs on the socket with node:http: loading dockerode for them costs ~0.1 s of CPU
// and ~40 modules before ready. dockerode is loaded on the first real engine call instead.
import http from 'node:http';
import net from 'node:net';

/** GET a path: the status and the body as text; rejects on a socket error or a timeout. */
function engineGetText(socket: string, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // its own connection, no agent: an agent works out a TLS server name from the host (net.isIP, whose IPv6
    // pattern V8 compiles on first use: ~4 ms of the start, for a Unix socket that has no host)
    const req = http.get({ createConnection: () => net.connect(socket), path, headers: { host: 'docker' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    // a timer of our own: the request's `timeout` option never fires on a connection made by createConnection
    // (an engine that accepts and never answers held the start for good)
    const timer = setTimeout(() => req.destroy(new Error(`the engine did not answer GET ${path} within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** GET a JSON document from the Engine API; rejects on a socket error, a timeout or a status other than 200. */
async function engineGet(socket: string, path: string, timeoutMs: number): Promise<unknown> {
  const { status, body } = await engineGetText(socket, path, timeoutMs);
  if (status !== 200) throw new Error(`the engine answered ${status} to GET ${path}`);
  return JSON.parse(body);
}

/** How long the quick Swarm question may take before /info is asked instead (a manager without a leader). */
const QUICK_SWARM_MS = 2_000;

/**
 * Is this engine an active Swarm manager? GET /swarm answers in about 1 ms where GET /info takes about 20
 * (it gathers the storage driver's, plugins' and runtimes' state), and the start waits for the answer: 200 is
 * a manager; 503 "not part of a swarm" or "not a swarm manager" (a worker) is not. Any other answer (a locked
 * swarm, a manager whose swarm has no leader, a slow engine) is read from /info, as before.
 */
export async function isSwarmManager(socket: string, timeoutMs: number): Promise<boolean> {
  const quick = await engineGetText(socket, '/swarm', Math.min(timeoutMs, QUICK_SWARM_MS)).catch((e: NodeJS.ErrnoException) => {
    // no socket, or it refuses: /info would say the same, later
    if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES') throw e;
    return undefined;
  });
  if (quick?.status === 200) return true;
  if (quick?.status === 503 && /not part of a swarm|not a swarm manager/i.test(quick.body)) return false;
  const info = (await engineGet(socket, '/info', timeoutMs)) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  const swarm = info.Swarm ?? {};
  return swarm.LocalNodeState === 'active' && swarm.ControlAvailable === true;
}

/** The image id of a container (GET /containers/<id>/json); the id is data, escaped into the path. */
export async function containerImage(socket: string, container: string, timeoutMs: number): Promise<string> {
  const c = (await engineGet(socket, `/containers/${encodeURIComponent(container)}/json`, timeoutMs)) as { Image?: unknown };
  if (typeof c.Image !== 'string') throw new Error('the engine gave no image for this container');
  return c.Image;
}
