// What commands see of the notification center (src/notify/center.ts): the one notify file the commands layer
// may import (a port, types only), so commands never load the center itself.
import type { PlannedAction, Recipe } from './recipes.js';

export type { PlannedAction, Recipe } from './recipes.js';

export interface NotifyView {
  readonly recipes: readonly Recipe[];
  tryRecipe(name: string, e: { event: string; deliveryId: string; payload: unknown; hook?: string }): PlannedAction[];
  outbox(): Record<string, number>;
  /** Which recipe would act on an event at a hook, and why, step by step (`recipes explain`). */
  explain?(hook: string, event: string): { step: string; acts: 'yes' | 'if filter' | 'no'; why: string }[];
  /** Outbox entries per lane and state; dead letters, and putting them back or deleting them (`outbox`). */
  outboxByLane?(): Record<string, Record<string, number>>;
  deadLetters?(limit?: number): { id: number; lane: string; kind: string; recipe: string; data: string; error: string; failedAt: number }[];
  retryDeadLetters?(which: readonly number[] | 'all'): Promise<number>;
  dropDeadLetters?(which: readonly number[] | 'all'): Promise<number>;
}
