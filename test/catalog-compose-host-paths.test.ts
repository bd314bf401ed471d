// What real files mount from the host, and what they tell a reverse proxy, read as docker compose means it.
// Found by loading real files (test/fixtures/compose: metabase, ntfy, superset, seafile, netdata): a harmless
// host device is dropped, an app's own folder under /etc or /var/log is a named volume like any host folder
// (the system's own files stay refused), `external: false` is no external volume, and caddy-docker-proxy labels
// tell the web service and port.
import { describe, expect, it } from 'vitest';
import { X, issues, notes, ok } from './helpers/minion-doc.js';

const web = (svc: object, more: object = {}) => ({ services: { web: { image: 'summoner-test/web:1.0', ...svc } }, 'x-summoner': X, ...more });

describe('host paths of real files', () => {
  it('drops the kernel random devices (/dev/urandom:/dev/random:ro) with a note; other devices stay refused', () => {
    const m = ok(web({ volumes: ['/dev/urandom:/dev/random:ro', '/dev/random:/dev/random'] }));
    expect(m.web.volumes).toEqual([]);
    expect(notes(m)).toMatch(/services\.web\.volumes\[0\]: dropped: \/dev\/urandom is the kernel's random device, which every container has already/);
    expect(notes(m)).toMatch(/services\.web\.volumes\[1\]: dropped: \/dev\/random/);
    expect(issues(web({ volumes: ['/dev/sda:/dev/sda', '/dev:/dev'] }))).toEqual([
      'services.web.volumes[0]: refused: bind mount of the host system path /dev/sda; use a named volume (Summoner keeps data under its data roots), or remove it',
      'services.web.volumes[1]: refused: bind mount of the host system path /dev; use a named volume (Summoner keeps data under its data roots), or remove it',
    ]);
  });

  it("an app's own folder under /etc or /var/log (named after the service or its image) is a named volume; the system's files stay refused", () => {
    const doc = {
      services: {
        web: { image: 'binwiederhier/ntfy:v2.11.0', volumes: ['/etc/ntfy:/etc/ntfy', '/var/log/ntfy:/var/log/ntfy', '/var/cache/ntfy:/var/cache/ntfy'] },
        // gitlab/gitlab-ce keeps /etc/gitlab: named after its image
        gitlab: { image: 'gitlab/gitlab-ce:17.0.0-ce.0', volumes: ['/etc/gitlab:/etc/gitlab'] },
      },
      'x-summoner': X,
    };
    const m = ok(doc);
    expect(m.web.volumes).toEqual([
      { name: 'etc-ntfy', target: '/etc/ntfy' },
      { name: 'var-log-ntfy', target: '/var/log/ntfy' },
      { name: 'var-cache-ntfy', target: '/var/cache/ntfy' },
    ]);
    expect(m.services!.find((s) => s.service === 'gitlab')!.volumes).toEqual([{ name: 'etc-gitlab', target: '/etc/gitlab' }]);
    expect(notes(m)).toMatch(/services\.web\.volumes\[0\]: normalised: the bind mount \/etc\/ntfy became the named volume etc-ntfy/);
    // the host's own files, or a system folder named after nothing of the app, stay refused: all in one pass
    expect(issues(web({ image: 'binwiederhier/ntfy:v2.11.0', volumes: ['/etc/ssl/certs:/etc/ssl/certs:ro', '/etc/passwd:/host/etc/passwd:ro', '/etc:/etc', '/var/log:/var/log', '/etc/ntfy-other:/x'] })).map((i) => i.split(':')[0])).toEqual([
      'services.web.volumes[0]',
      'services.web.volumes[1]',
      'services.web.volumes[2]',
      'services.web.volumes[3]',
      'services.web.volumes[4]',
    ]);
  });

  it('a top-level volume with external: false is an ordinary volume (a note, no warning); external: true warns', () => {
    const m = ok(web({ volumes: ['a:/a', 'b:/b'] }, { volumes: { a: { external: false }, b: { external: true } } }));
    const a = m.notes!.find((n) => n.key === 'volumes.a.external')!;
    expect(a).toMatchObject({ message: 'ignored: false is the default (the volume is made with the app)' });
    expect(a.warning).toBeFalsy();
    expect(m.notes!.find((n) => n.key === 'volumes.b.external')).toMatchObject({ warning: true, message: expect.stringMatching(/an existing Docker volume is not used/) });
  });

  it('host networking: the refusal names no other app\'s port', () => {
    const [msg] = issues(web({ network_mode: 'host' }));
    expect(msg).toMatch(/remove it, and list the ports the app serves under ports: \("<port>:<port>"\)/);
    expect(msg).not.toMatch(/8096/);
  });
});

describe('a file written for caddy-docker-proxy publishes no port', () => {
  it('tells the web service by its caddy label and the web port by {{upstreams <port>}}', () => {
    const doc = {
      services: {
        db: { image: 'mariadb:10.11.9' },
        memcached: { image: 'summoner-test/helper:1.0', depends_on: [] },
        app: { image: 'summoner-test/web:1.0', labels: { caddy: 'https://files.example.com', 'caddy.reverse_proxy': '{{upstreams 8000}}' }, depends_on: ['db'] },
      },
    };
    const m = ok(doc);
    expect(m.web).toMatchObject({ service: 'app', port: 8000 });
    expect(notes(m)).toMatch(/x-summoner\.web\.service: app \(guessed: the first service the file routes a reverse proxy to \(VIRTUAL_HOST, Traefik or caddy-docker-proxy labels\)\)/);
    expect(notes(m)).toMatch(/x-summoner\.web\.port: the web port is 8000, read from what the file tells its reverse proxy/);
    // the list form, a numbered site and a scheme before the port
    const listed = ok({ services: { app: { image: 'summoner-test/web:1.0', labels: ['caddy_0=app.example.com', 'caddy_0.reverse_proxy={{ upstreams http 3000 }}'] } } });
    expect(listed.web).toMatchObject({ service: 'app', port: 3000 });
  });
});

describe('user: a placeholder of the documentation', () => {
  it('UID:GID (or PUID) is dropped with a warning saying what to write; ids, names and variables are kept', () => {
    const m = ok(web({ user: 'UID:GID' }));
    expect(m.web.user).toBeUndefined();
    expect(m.notes!.find((n) => n.key === 'services.web.user')).toMatchObject({ warning: true, message: expect.stringMatching(/^dropped: UID:GID is a placeholder of the app's documentation.*write numeric ids such as 1000:1000/) });
    expect(ok(web({ user: 'PUID' })).web.user).toBeUndefined();
    const kept: [string, string][] = [['1000:1000', '1000:1000'], ['node', 'node'], ['www-data:0', 'www-data:0'], ['${APP_UID:-1000}:0', '1000:0']];
    for (const [u, want] of kept) expect(ok(web({ user: u })).web.user, u).toBe(want);
  });
});

describe('slips of documented files', () => {
  it('a service key with nothing under it but comments (YAML null) is read as absent, with a warning', () => {
    const m = ok(web({ environment: null, volumes: null, ports: ['8080:8080'] }));
    expect(m.web.environment).toEqual({});
    expect(m.notes!.filter((n) => /^ignored: empty \(nothing under it but comments\), read as absent/.test(n.message) && n.warning).map((n) => n.key)).toEqual(['services.web.environment', 'services.web.volumes']);
  });

  it('a <placeholder> left as a volume source becomes the named volume its host folder would have become', () => {
    const m = ok(web({ volumes: ['</path/to/audiobooks>:/audiobooks', { type: 'bind', source: '<config folder>', target: '/config' }] }));
    expect(m.web.volumes).toEqual([
      { name: 'path-to-audiobooks', target: '/audiobooks' },
      { name: 'config-folder', target: '/config' },
    ]);
    expect(notes(m)).toMatch(/services\.web\.volumes\[0\]: normalised: <\/path\/to\/audiobooks> is a placeholder of the app's documentation; it became the named volume path-to-audiobooks/);
    // an empty <> names nothing: refused as a volume name
    expect(issues(web({ volumes: ['<>:/x'] }))).toEqual(['services.web.volumes[0]: refused: "<>" is not a volume name: letters, digits, _ . -, starting with a letter or digit, at most 64 (it becomes one folder under the app\'s data root; ".", ".." and "/" would reach outside it)']);
  });
});

describe('a GPU reservation (Ollama, Immich machine learning): refused, saying what to do', () => {
  it('deploy.resources.reservations.devices and gpus: remove it, the app then runs on the CPU if it can', () => {
    const gpu = { deploy: { resources: { reservations: { devices: [{ driver: 'nvidia', count: 'all', capabilities: ['gpu'] }] } } }, gpus: 'all' };
    const got = issues(web(gpu));
    expect(got.map((i) => i.split(': ')[0])).toEqual(['services.web.gpus', 'services.web.deploy.resources.reservations.devices']);
    for (const i of got) expect(i).toMatch(/refused: the host's GPUs or devices are not given from the catalog; remove it: an app that can also run on the CPU/);
  });
});
