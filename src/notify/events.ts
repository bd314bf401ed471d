// moved: re-export until the round's branches are merged. The event bus lives in src/core/events.ts (the kernel).
export * from '../core/events.js';
