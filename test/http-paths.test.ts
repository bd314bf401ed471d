// The listener's request paths: a plain path (a webhook's) is taken as is, without a URL parse; any other is
// parsed as before, so dot segments, a query and escapes reach the same routes with the same meaning.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../src/http/server.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Sends a request line as written (fetch would normalise the path before it leaves). */
function raw(url: string, target: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => s.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

describe('http listener paths', () => {
  it('routes plain paths as they are and parses the others (dot segments, query, escapes, empty segments)', async () => {
    server = createHttpServer({ listen: '127.0.0.1:0' });
    const seen: string[] = [];
    server.route('GET', '/hooks/github', async (req) => {
      seen.push(`${req.path}?${req.query.toString()}`);
      return { status: 200, body: 'ok\n' };
    });
    await server.start();
    const status = async (target: string) => (await raw(server!.url, target)).split(' ')[1];
    expect(await status('/hooks/github')).toBe('200');
    expect(await status('/hooks/./github')).toBe('200');
    expect(await status('/x/../hooks/github')).toBe('200');
    expect(await status('/hooks/github?a=1&b=two')).toBe('200');
    expect(await status('/hooks/git%68ub')).toBe('404'); // an escape is not decoded into a route name, as before
    expect(await status('//hooks/github')).toBe('404'); // two slashes: not the route (a URL parse reads a host)
    expect(await status('/hooks/github/')).toBe('404');
    expect(await status('/hooks')).toBe('404');
    expect(seen).toEqual(['/hooks/github?', '/hooks/github?', '/hooks/github?', '/hooks/github?a=1&b=two']);
  });
});
