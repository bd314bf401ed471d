// Long work in chat: one progress post that shows the steps as they happen (the last few, not a scroll of
// them), then ends with the result, or with what failed and what to do. The core reports steps through a
// Reporter: a line of text plus typed fields (the app it concerns, whether it is the clean-up after a
// failure); this renders them into edits of that one post, and never reads meaning back out of the text.
import type { CommandContext } from './command.js';
import { isSummonerError } from '../errors.js';
import type { Replies } from '../i18n/replies.js';

const SHOWN_STEPS = 6;

/** What a step is about (the same fields as the core's StepDetail: the robot imports nothing of core). */
export interface StepDetail {
  app?: string;
  cleanup?: boolean;
  /** The step by key, with its values: said in the user's language when the catalogue has it. */
  say?: { key: string; values?: readonly string[] };
}

/** A step's text in the user's language: the catalogue's words for its key, else the core's own (English). */
export function stepText(t: Replies, text: string, detail?: StepDetail): string {
  const say = detail?.say;
  return (say && t.steps[say.key]?.(...(say.values ?? []))) || text;
}

export interface StepReporter {
  step(text: string, detail?: StepDetail): void;
}

export async function withSteps<T>(
  ctx: CommandContext,
  title: string,
  work: (reporter: StepReporter) => Promise<T>,
  result: (value: T) => string,
): Promise<void> {
  const progress = await ctx.progress(`${title}…`);
  const steps: { text: string; detail?: StepDetail }[] = [];
  const started = Date.now();
  const line = (s: { text: string; detail?: StepDetail }) => {
    const said = stepText(ctx.t, s.text, s.detail);
    return s.detail?.app ? `${s.detail.app}: ${said}` : said;
  };
  const render = () => [`${title}…`, ...steps.slice(-SHOWN_STEPS).map((s) => `• ${line(s)}`)].join('\n');
  try {
    const value = await work({
      step(text, detail) {
        steps.push(detail ? { text, detail } : { text });
        progress.update(render());
      },
    });
    await progress.done(result(value));
  } catch (e) {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const err = isSummonerError(e) ? e : undefined;
    // the core says when it cleaned up after a failure; otherwise the last step tells where it stopped
    const lastStep = steps[steps.length - 1];
    const t = ctx.t;
    const last = !lastStep ? '' : lastStep.detail?.cleanup ? `\n${t.cleanedUp()}` : `\n${t.lastStep(line(lastStep))}`;
    const meaning = err ? t.codes[err.code] : undefined;
    await progress.done({
      text: `${t.stepsFailed(title, secs, err ? err.message : t.internalRef(ctx.auditId))}${meaning ? `\n${meaning}` : ''}${err?.hint ? `\n${err.hint}` : ''}${last}`,
      color: 'danger',
    });
    if (err) err.shown = true;
    else if (e && typeof e === 'object') Object.assign(e, { shown: true }); // logged by the robot, not repeated
    throw e;
  }
}
