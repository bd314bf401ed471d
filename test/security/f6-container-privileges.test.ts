// Finding 6, least privilege for app containers, on the real engine: a summoned web app and its database
// carry no-new-privileges and drop NET_RAW and MKNOD (the database still initialises: it keeps CHOWN,
// SETUID, SETGID…), a raw-socket ping from inside the app fails, and a published port binds to
// engine.publishAddress (loopback by default). On the old code the engine inspect shows neither, ping
// works, and the port is bound on every interface (HostIp "").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execIn } from '../../src/core/engine/index.js';
import { createCoreServices, type CoreServices } from '../../src/core/services.js';
import { RecordingReporter, catalogOf, engineAvailable, freePort, handPlan, makeTestEnv, silentLog, webDbMinion, type TestEnv } from '../helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

run('app containers run with least privilege (real engine)', () => {
  let env: TestEnv;
  let services: CoreServices;
  let port: number;
  const m = webDbMinion('privs');

  beforeAll(async () => {
    env = makeTestEnv('privs');
    port = await freePort();
    m.web = { ...m.web, ports: [{ host: port, container: 8080, protocol: 'tcp' }] };
    services = createCoreServices({ config: env.config, engine: env.engine, catalog: catalogOf(m), planDeploy: handPlan, secretsDir: env.secretsDir, log: silentLog() });
    const res = await services.summon('privs', undefined, new RecordingReporter());
    expect(res).toMatchObject({ status: 'summoned' });
  }, 180_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('engine inspect: no-new-privileges, NET_RAW and MKNOD dropped, on the app and on its database', async () => {
    for (const name of [`privs-${env.domain}`, `mariadb-privs-${env.domain}`]) {
      const i = await env.engine.docker.getContainer(name).inspect();
      expect(i.HostConfig.SecurityOpt).toContain('no-new-privileges:true');
      expect(i.HostConfig.CapDrop).toEqual(expect.arrayContaining(['NET_RAW', 'MKNOD']));
      expect(i.HostConfig.Privileged).toBe(false);
      expect(i.State.Status).toBe('running');
    }
  });

  it('a ping (raw socket) from inside the app fails', async () => {
    const r = await execIn(env.engine, `privs-${env.domain}`, ['/bin/busybox', 'ping', '-c', '1', '-W', '1', '127.0.0.1']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/permission denied/i);
  });

  it('its published port binds to the configured address (loopback by default) and answers there', async () => {
    expect(env.config.engine.publishAddress).toBe('127.0.0.1');
    const i = await env.engine.docker.getContainer(`privs-${env.domain}`).inspect();
    expect(i.HostConfig.PortBindings?.['8080/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(port) }]);
    const r = await fetch(`http://127.0.0.1:${port}/health`);
    expect(r.status).toBe(200);
  });
});
