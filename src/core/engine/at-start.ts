// The two questions boot asks the engine before the bot is ready (is it a Swarm manager? which image am I
// running from?), as plain GETs on the socket with node:http: loading dockerode for them costs ~0.1 s of CPU
// and ~40 modules before ready. dockerode is loaded on the first real engine call instead.
import http from 'node:http';
import net from 'node:net';

/** GET a JSON document from the Engine API; rejects on a socket error, a timeout or a status other than 200. */
function engineGet(socket: string, path: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // its own connection, no agent: an agent works out a TLS server name from the host (net.isIP, whose IPv6
    // pattern V8 compiles on first use: ~4 ms of the start, for a Unix socket that has no host)
    const req = http.get({ createConnection: () => net.connect(socket), path, headers: { host: 'docker' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`the engine answered ${res.statusCode} to GET ${path}`));
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`the engine did not answer GET ${path} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** Is this engine an active Swarm manager (GET /info)? */
export async function isSwarmManager(socket: string, timeoutMs: number): Promise<boolean> {
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
