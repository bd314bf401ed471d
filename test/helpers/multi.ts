// A five-service minion of local test images: PostgreSQL, a cache, a migration job, a worker and the web
// service, each with its role and compose-style depends_on. The worker's health proves the job ran first
// (its marker file) and that the cache answers by its compose name on the private network.
import type { Minion, MinionService } from '../../src/core/types.js';
import { hotPgMinion } from './backup.js';

const bb = (script: string) => ['/bin/busybox', 'sh', '-c', script];

export function fiveServiceMinion(name: string): Minion {
  const base = hotPgMinion(name);
  const db = base.database!;
  const web: Minion['web'] = {
    ...base.web,
    dependsOn: [
      { service: 'db', condition: 'service_healthy', required: true, restart: false },
      { service: 'worker', condition: 'service_healthy', required: true, restart: false },
      { service: 'migrate', condition: 'service_completed_successfully', required: true, restart: false },
    ],
  };
  const services: MinionService[] = [
    { ...web, role: 'web' },
    { ...db, role: 'database', dbType: 'postgres' },
    {
      service: 'cache',
      role: 'cache',
      image: 'summoner-test/web',
      tag: '1.0',
      environment: {},
      command: ['/bin/busybox', 'httpd', '-f', '-p', '6379', '-h', '/www'],
      volumes: [],
      ports: [],
      health: { http: { path: '/health', port: 6379 }, timeoutS: 30, intervalS: 0.5 },
    },
    {
      service: 'migrate',
      role: 'job',
      image: 'summoner-test/web',
      tag: '1.0',
      environment: {},
      command: bb('echo "migrated $$(date +%s%N)" >> /data/migrations.log'),
      volumes: [{ name: 'files', target: '/data' }],
      ports: [],
      health: { timeoutS: 60, intervalS: 1 },
      dependsOn: [{ service: 'db', condition: 'service_healthy', required: true, restart: false }],
    },
    {
      service: 'worker',
      role: 'worker',
      image: 'summoner-test/web',
      tag: '1.0',
      environment: {},
      command: bb('while true; do /bin/busybox wget -q -O /dev/null http://cache:6379/health && touch /data/worker-ok; sleep 0.5; done'),
      volumes: [{ name: 'files', target: '/data' }],
      ports: [],
      health: { exec: ['/bin/busybox', 'sh', '-c', 'test -f /data/migrations.log && test -f /data/worker-ok'], timeoutS: 30, intervalS: 0.5 },
      dependsOn: [
        { service: 'migrate', condition: 'service_completed_successfully', required: true, restart: false },
        { service: 'cache', condition: 'service_started', required: true, restart: false },
      ],
    },
  ];
  return { ...base, web, services, volumes: ['files', 'pgdata'] };
}

/** The five-service minion on a Swarm: its cache checked as its compose file does (a command inside, not an HTTP GET). */
export function swarmFiveServiceMinion(app: string): Minion {
  const m = fiveServiceMinion(app);
  const services = m.services!.map((s): MinionService =>
    s.service === 'cache' ? { ...s, health: { exec: ['/bin/busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:6379/health'], timeoutS: 30, intervalS: 1 } } : s,
  );
  return { ...m, services };
}
