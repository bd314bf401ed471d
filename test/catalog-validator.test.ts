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
});
