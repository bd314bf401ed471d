// The state database's schema: every module that keeps tables in it, listed here by the composition root; each
// module declares its own migrations (with their versions) beside its code.
import { NOTIFY_MIGRATIONS } from './notify/schema.js';
import { ROBOT_MIGRATIONS } from './robot/schema.js';
import { SCHEDULE_MIGRATIONS } from './schedule/schema.js';
import { schemaOf } from './state/migrations.js';

export const MIGRATIONS = schemaOf(ROBOT_MIGRATIONS, NOTIFY_MIGRATIONS, SCHEDULE_MIGRATIONS);
