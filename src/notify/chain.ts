// The order in which an event meets what may act on it, for one hook: the recipes as written (each matching
// one acts; `stop: true` ends the chain), then the hook's built-in for the event, then its `otherwise`.
// Pure; the center runs it on events and `recipes explain` shows it.
import { builtinEvents } from './builtins/index.js';
import type { HookConfig, NotifyConfig } from './config.js';
import type { Recipe } from './recipes.js';

/** Whether the hook's built-in acts on this event (on, not removed by `except`, and a built-in exists). */
export function builtinOn(hook: HookConfig | undefined, event: string): 'on' | 'off' | 'removed' | 'none' {
  if (!hook) return 'none';
  if (!builtinEvents(hook.source).includes(event)) return 'none';
  if (hook.builtins === false) return 'off';
  if (hook.builtins !== true && hook.builtins.except.includes(event)) return 'removed';
  return 'on';
}

/** A recipe's `when` against a hook and event, the payload filter aside. */
export function recipeCandidate(r: Recipe, source: string, hook: string, event: string): { ok: true } | { ok: false; why: string } {
  const w = r.when;
  if (w.source !== source) return { ok: false, why: `listens to ${w.source}, not ${source}` };
  if (w.hook && w.hook !== hook) return { ok: false, why: `listens to hook ${w.hook} only` };
  const events = w.event === undefined ? undefined : Array.isArray(w.event) ? w.event : [w.event];
  if (events && !events.includes(event)) return { ok: false, why: `listens to ${events.join(', ')} only` };
  return { ok: true };
}

export interface ExplainLine {
  step: string;
  acts: 'yes' | 'if filter' | 'no';
  why: string;
}

/** Which recipe would act on `event` at `hook`, and why, step by step (`recipes explain`). */
export function explainChain(config: NotifyConfig, hookName: string, event: string): ExplainLine[] {
  const hook = Object.hasOwn(config.hooks, hookName) ? config.hooks[hookName] : undefined;
  const source = hook?.source ?? (hookName === 'summoner' ? 'summoner' : undefined);
  if (!source) return [{ step: `hook ${hookName}`, acts: 'no', why: 'no such hook under notify.hooks' }];
  const lines: ExplainLine[] = [];
  let stopped = false;
  for (const r of config.recipes) {
    const c = recipeCandidate(r, source, hookName, event);
    if (!c.ok) {
      lines.push({ step: `recipe ${r.name}`, acts: 'no', why: c.why });
      continue;
    }
    const filter = Object.entries(r.when.filter);
    const conditional = filter.length > 0;
    lines.push({
      step: `recipe ${r.name}`,
      acts: conditional ? 'if filter' : 'yes',
      why: `${conditional ? `when ${filter.map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(' | ') : String(v)}`).join(' and ')}` : 'matches'}${r.stop ? '; stop: true ends the chain here' : ''}`,
    });
    if (r.stop && !conditional) {
      stopped = true;
      break;
    }
  }
  if (source === 'summoner') {
    if (!stopped) lines.push({ step: 'default', acts: config.defaultRecipe ? 'yes' : 'no', why: config.defaultRecipe ? 'to channels.ops when no recipe matched' : 'notify.defaultRecipe is false' });
    return lines;
  }
  if (stopped) return lines;
  const b = builtinOn(hook, event);
  const why = { on: `the ${source} built-in for ${event}`, off: 'builtins: false on this hook', removed: `removed by builtins.except`, none: `no ${source} built-in covers ${event}` }[b];
  lines.push({ step: 'built-in', acts: b === 'on' ? 'yes' : 'no', why });
  lines.push({ step: 'otherwise', acts: hook!.otherwise === 'generic' ? 'yes' : 'no', why: hook!.otherwise === 'generic' ? 'a short generic post when nothing above acted' : 'dropped (counted) when nothing above acted' });
  return lines;
}
