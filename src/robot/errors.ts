// moved: re-export until the round's branches are merged. The coded errors live in src/errors.ts (the kernel).
export * from '../errors.js';
