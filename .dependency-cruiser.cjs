// Who may import whom: the module map of the README ("Layout") written as rules, checked by `npm test`
// (`npm run lint:imports`) and by test/import-rules.test.ts. Type-only imports count (tsPreCompilationDeps).
//
// Layers, bottom to top:
//   kernel     src/errors.ts, src/core/events.ts, src/core/ports/log.ts, src/state/, src/secrets/, src/log.ts,
//              src/version.ts, src/metrics.ts  -- imports nothing of ours but the kernel
//   config     src/config/ (zod schemas; may read the schema slices other modules declare in their config.ts)
//   core       src/core/** (engine, catalog, proxy, certs, backup, swarm and the facade)
//   robot      src/robot/** (bus, grammar, store, ports ChatPort/InboundMessage)
//   notify, schedule, http, control, health   beside each other, above robot and core
//   commands, adapters   above everything; only the composition root (src/main.ts, src/app.ts) imports them
//
// .dependency-cruiser-known-violations.json is empty: every rule holds. Keep it empty: fix a violation (a port
// below both sides), never record it with `npm run lint:imports:baseline`.

const KERNEL = '^src/(errors\\.ts|core/events\\.ts|core/ports/log\\.ts|state/|secrets/|log\\.ts|version\\.ts|metrics\\.ts)';
const CONFIG_SLICES = '^src/(notify|schedule)/config\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No cycles, type-only imports included: split a shared port into its own file below both sides.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-is-the-bottom',
      severity: 'error',
      comment: 'The kernel (errors, events, state, secrets, log) imports nothing of ours above it.',
      from: { path: KERNEL },
      to: { path: '^(src|adapters|commands)/', pathNot: [KERNEL] },
    },
    {
      name: 'config-imports-only-kernel-and-slices',
      severity: 'error',
      comment: 'The config schema sits under every module; it may compose the schema slices modules declare.',
      from: { path: '^src/config/' },
      to: { path: '^(src|adapters|commands)/', pathNot: [KERNEL, '^src/config/', CONFIG_SLICES] },
    },
    {
      name: 'core-never-imports-upward',
      severity: 'error',
      comment: 'src/core knows nothing of the robot, notify, schedule, http, commands or adapters.',
      from: { path: '^src/core/' },
      to: {
        path: '^(src/(robot|notify|schedule|http|control|health|app\\.ts|main\\.ts)|commands|adapters)',
        pathNot: [KERNEL],
      },
    },
    {
      name: 'robot-knows-no-features',
      severity: 'error',
      comment: 'The robot is a library: app.ts injects commands, resolvers and the services bag (typed in commands/services.ts).',
      from: { path: '^src/robot/' },
      to: { path: '^(src/(core|notify|schedule|http|control|health|app\\.ts|main\\.ts)|commands|adapters)', pathNot: [KERNEL] },
    },
    {
      name: 'engine-sub-modules-are-independent',
      severity: 'error',
      comment: 'proxy, certs and backup never import each other; they get what they need through ports.',
      from: { path: '^src/core/(proxy|certs|backup)/' },
      to: { path: '^src/core/(proxy|certs|backup)/', pathNot: ['^src/core/$1/'] },
    },
    {
      name: 'engine-and-catalog-below-the-rest-of-core',
      severity: 'error',
      comment: 'core/engine (the only dockerode importer) and core/catalog (pure) sit below proxy, certs, backup, swarm and the facade.',
      from: { path: '^src/core/(engine|catalog)/' },
      to: { path: '^src/core/(proxy|certs|backup|swarm)/|^src/core/(services|boot|edge)\\.ts$' },
    },
    {
      name: 'only-engine-imports-dockerode',
      severity: 'error',
      comment: 'The engine is the one door to Docker: everything else calls core/engine.',
      from: { pathNot: '^src/core/engine/' },
      to: { path: 'node_modules/(dockerode|docker-modem)/|node_modules/@types/dockerode/' },
    },
    {
      name: 'only-the-composition-root-imports-adapters-and-commands',
      severity: 'error',
      comment: 'Nothing but src/main.ts, src/app.ts and src/explain.ts (the --explain entry) imports an adapter or the command list.',
      from: { path: '^src/', pathNot: '^src/(main|app|explain)\\.ts$' },
      to: { path: '^(adapters|commands)/' },
    },
    {
      name: 'adapters-see-only-robot-ports',
      severity: 'error',
      comment: 'An adapter gets the robot ports (ChatPort, InboundMessage), the pure text helpers (markdown, edit-lines) and its config slice, nothing more.',
      from: { path: '^adapters/' },
      to: { path: '^(src|commands)/', pathNot: ['^src/robot/(types|markdown|edit-lines)\\.ts$', '^src/config/', KERNEL] },
    },
    {
      name: 'adapters-are-independent',
      severity: 'error',
      comment: 'One adapter never imports another.',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'commands-never-reach-the-engine',
      severity: 'error',
      comment: 'Commands get services through ctx: never the engine, an adapter, notify (but its view port), http or control.',
      from: { path: '^commands/' },
      to: { path: '^(src/core/engine/|src/(notify|http|control|health)/|adapters/|src/(main|app)\\.ts)', pathNot: '^src/notify/view\\.ts$' },
    },
    {
      name: 'notify-and-schedule-stay-beside-each-other',
      severity: 'error',
      comment: 'notify describes and routes events; schedule invokes the robot bus. Neither imports the other or the edges.',
      from: { path: '^src/(notify|schedule)/' },
      to: { path: '^(src/(notify|schedule)/|src/(control|health|main\\.ts|app\\.ts)|commands/|adapters/)', pathNot: ['^src/$1/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
