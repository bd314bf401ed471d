// The proxy's configuration renderer (pure): server blocks from minion metadata, and values that could
// inject configuration refused before nginx ever sees them.
import { describe, expect, it } from 'vitest';
import { GENERATION_PATH, renderMain, renderSet, renderSite, withGeneration, type ProxySite } from '../src/core/proxy/render.js';

const site = (over: Partial<ProxySite> = {}): ProxySite => ({
  app: 'wiki',
  host: 'wiki.example.org',
  upstream: { container: 'wiki-example.org', port: 3000 },
  maxBodySize: '10m',
  websocket: false,
  timeoutS: 60,
  ...over,
});
const opts = { resolver: '127.0.0.11', httpsPort: 443, withCertificate: new Set<string>(), addresses: new Map([['wiki-example.org', '172.18.0.5']]) };

describe('proxy renderer', () => {
  it('without a certificate: HTTP proxies to the container\'s upstream block, with the challenge location', () => {
    const text = renderSite(site(), opts);
    expect(text).toContain('server_name wiki.example.org;');
    expect(text).toContain('proxy_pass http://summoner_wiki-example.org_3000;');
    expect(text).not.toContain('$upstream');
    expect(text).toContain('location ^~ /.well-known/acme-challenge/ {');
    expect(text).toContain('client_max_body_size 10m;');
    expect(text).not.toContain('listen 443');
    expect(text).not.toContain('return 301');
  });

  it('with a certificate: HTTP redirects (keeping a non-standard port), HTTPS proxies with the certificate', () => {
    const text = renderSite(site(), { ...opts, withCertificate: new Set(['wiki.example.org']) });
    expect(text).toContain('location / { return 301 https://$host$request_uri; }');
    expect(text).toContain('listen 443 ssl;');
    expect(text).toContain('ssl_certificate /etc/summoner/certs/wiki.example.org/fullchain.pem;');
    expect(text).toContain('ssl_certificate_key /etc/summoner/certs/wiki.example.org/key.pem;');
    const other = renderSite(site(), { ...opts, httpsPort: 8443, withCertificate: new Set(['wiki.example.org']) });
    expect(other).toContain('return 301 https://$host:8443$request_uri;');
  });

  it('websocket upgrade, upload size and timeouts come from the minion', () => {
    const text = renderSite(site({ websocket: true, maxBodySize: '2g', timeoutS: 3600 }), opts);
    expect(text).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(text).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(text).toContain('client_max_body_size 2g;');
    expect(text).toContain('proxy_read_timeout 3600s;');
    expect(renderSite(site(), opts)).toContain('proxy_set_header Connection "";');
  });

  it('upstreams: one block per container port at its address, kept alive (HTTP/1.1, empty Connection header)', () => {
    const files = renderSet([site(), site({ app: 'wiki2', host: 'wiki2.example.org' }), site({ app: 'v6', host: 'v6.example.org', upstream: { container: 'v6-c', port: 80 } })], {
      ...opts,
      addresses: new Map([['wiki-example.org', '172.18.0.5'], ['v6-c', 'fd00::7']]),
    });
    const upstreams = files.get('upstreams.conf')!;
    // two sites in front of the same container port share one block
    expect(upstreams.match(/upstream summoner_wiki-example.org_3000 \{/g)).toHaveLength(1);
    expect(upstreams).toContain('    server 172.18.0.5:3000;\n    keepalive 32;');
    expect(upstreams).toContain('server [fd00::7]:80;');
    expect(files.get('nginx.conf')!.indexOf('include upstreams.conf;')).toBeLessThan(files.get('nginx.conf')!.indexOf('include sites/*.conf;'));
    const text = renderSite(site(), opts);
    expect(text).toContain('proxy_http_version 1.1;');
    expect(text).toContain('proxy_set_header Connection "";');
    // websocket sites keep the connection alive too when the request asks no upgrade
    expect(renderMain(opts)).toContain("map $http_upgrade $connection_upgrade { default upgrade; '' ''; }");
  });

  it('a container without an address (stopped, gone) gets a 502 site and no upstream block: nginx still loads', () => {
    const none = { ...opts, addresses: new Map<string, string>() };
    const text = renderSite(site(), none);
    expect(text).toContain('return 502;');
    expect(text).not.toContain('proxy_pass');
    expect(renderSet([site()], none).get('upstreams.conf')).not.toContain('upstream ');
    // an address that is not an IP never reaches the configuration
    expect(() => renderSite(site(), { ...opts, addresses: new Map([['wiki-example.org', '1.2.3.4; include x']]) })).toThrow(/not an IP address/);
  });

  it('refuses values that would close a directive or a block (configuration injection)', () => {
    for (const bad of ['1m; } server { listen 8080', '10m;', '"10m"', '10 m', '1m\nlisten 9']) {
      expect(() => renderSite(site({ maxBodySize: bad }), opts)).toThrow(/wiki: proxy.maxBodySize .* is not a plain value/);
    }
    expect(() => renderSite(site({ host: 'a.example.org; include /etc/passwd' }), opts)).toThrow(/host name/);
    expect(() => renderSite(site({ upstream: { container: 'x', port: 70000 } }), opts)).toThrow(/not a port/);
    // a plain token nginx will not accept passes here: `nginx -t` is the judge of those (test/services-proxy.test.ts)
    expect(renderSite(site({ maxBodySize: '12q' }), opts)).toContain('client_max_body_size 12q;');
  });

  it('the set: nginx.conf with relative includes, one file per minion', () => {
    const files = renderSet([site({ app: 'b', host: 'b.example.org' }), site({ app: 'a', host: 'a.example.org' })], opts);
    expect([...files.keys()]).toEqual(['nginx.conf', 'upstreams.conf', 'sites/a.conf', 'sites/b.conf']);
    const main = renderMain(opts);
    expect(main).toContain('include sites/*.conf;');
    expect(main).toContain('resolver 127.0.0.11 valid=2s ipv6=off;');
    expect(main).toContain('ssl_reject_handshake on;');
  });

  it('on a Swarm (upstreams: dns): the service name resolved per request, the next task tried, no upstream block', () => {
    const dns = { ...opts, addresses: new Map<string, string>(), upstreams: 'dns' as const };
    const set = renderSet([site({ upstream: { container: 'wiki-example-org', port: 3000 } })], dns);
    const text = set.get('sites/wiki.conf')!;
    expect(text).toContain('set $summoner_upstream wiki-example-org;');
    expect(text).toContain('proxy_pass http://$summoner_upstream:3000;');
    expect(text).toContain('proxy_next_upstream error timeout http_502 http_503;');
    // no address known (a service is never "not running" here): never the 502 placeholder
    expect(text).not.toContain('return 502');
    expect(set.get('upstreams.conf')).not.toContain('upstream ');
    // a name that could close the directive is refused like any other value
    expect(() => renderSet([site({ upstream: { container: 'x; include /etc/passwd', port: 3000 } })], dns)).toThrow(/not a plain value/);
  });

  it('challenges in the configuration (a Swarm): exact answers on every port-80 server, anything else under the path 404', () => {
    const challenges = new Map([['tok_A-1', 'tok_A-1.thumbprint_x']]);
    const set = renderSet([site()], { ...opts, challenges });
    for (const file of ['nginx.conf', 'sites/wiki.conf']) {
      const text = set.get(file)!;
      expect(text).toContain('location = /.well-known/acme-challenge/tok_A-1 { default_type text/plain; return 200 "tok_A-1.thumbprint_x"; }');
      expect(text).toContain('location ^~ /.well-known/acme-challenge/ { return 404; }');
      expect(text).not.toContain('alias ');
    }
    // an answer that would close the string or the block never reaches nginx
    expect(() => renderSet([site()], { ...opts, challenges: new Map([['t', 'a"; }']]) })).toThrow(/not a plain value/);
    expect(() => renderSet([site()], { ...opts, challenges: new Map([['../t', 'a']]) })).toThrow(/not a plain value/);
  });

  it('the set id is served on the catch-all server only, and must be a plain id', () => {
    const set = renderSet([site()], opts);
    withGeneration(set, 'mabc12-0a1b2c');
    expect(set.get('nginx.conf')).toContain(`location = ${GENERATION_PATH} { default_type text/plain; return 200 "mabc12-0a1b2c"; }`);
    expect(set.get('sites/wiki.conf')).not.toContain(GENERATION_PATH);
    expect(() => withGeneration(renderSet([site()], opts), 'x"; }')).toThrow(/not a plain value/);
  });
});
