// The engine: the only importer of dockerode. Faithful, async-only wrappers; failures are SummonerErrors.
export * from './connection.js';
export * from './errors.js';
export * from './streams.js';
export * from './images.js';
export * from './networks.js';
export * from './containers.js';
export * from './health.js';
export * from './probe.js';
export * from './labels.js';
export * from './services.js';
export * from './exec-stream.js';
export * from './mount-guard.js';
