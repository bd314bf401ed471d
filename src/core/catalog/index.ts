// The catalog: minions on disk (load), the plan builder (plan), and the grammars both enforce (names).
export { folderAccess, loadCatalog, parseCatalogText, readMinionFile, MAX_FILE_BYTES, type Catalog, type CatalogProblem, type CatalogSource } from './load.js';
export { planDeploy, checkVersion } from './plan.js';
export { minionFromDoc } from './minion.js';
export { MINION_NAME, minionNameProblem } from './names.js';
export { BUILTIN_VARIABLES, DB_TYPES } from './schema.js';
