// A command is data (STYLE §1): one spec per file under commands/, checked at registration,
// from which parsing, help and permission checks are all derived.
import type { AuditEntry, InboundMessage, Outbound, SentPost } from './types.js';
import type { Lang } from '../i18n/messages.js';
import type { Replies } from '../i18n/replies.js';

export type { AuditEntry } from './types.js';

/**
 * The argument types, closed: the robot's own, plus those a layer above registers a resolver for (`minion`…),
 * declared by merging into this interface (`declare module … { interface ArgTypes { minion: true } }`).
 */
export interface ArgTypes {
  string: true;
  int: true;
  word: true;
  command: true;
}
export type ArgType = keyof ArgTypes & string;

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly required?: boolean;
  /** Takes the rest of the line (only the last argument). */
  readonly rest?: boolean;
  readonly help?: string;
  /**
   * What the value means, for understanding sentences (src/robot/understand): a date (`yesterday`), a version
   * (`5.116.2`), a count. Default: `date` for an argument named `when`, `version` for `version`, `count` for an int.
   */
  readonly meaning?: ArgMeaning;
  /** For an int: the largest value it takes (`scale`: 20). A larger count read from a sentence is asked, not run. */
  readonly max?: number;
  /** The only words it takes (`outbox retry|drop`): an exact line with another word is read as a sentence. */
  readonly values?: readonly string[];
  /** For a `name`: the nouns it is said beside ("the minion kuma", "the nightly-wekan schedule"). */
  readonly cues?: readonly string[];
  /** For an app: a question for it offers the apps summoned here (`logs`, `restore`), not the catalog's (`summon`). */
  readonly of?: 'summoned';
  /**
   * Taken only after these values of earlier arguments (`schedule`'s cron and command: only after `add`): elsewhere
   * its words are extra words, and the line is read as a sentence ("schedule pause nightly pls, it's hammering the disk").
   */
  readonly after?: Readonly<Record<string, string>>;
}

/**
 * What an argument's value is, for a sentence: a date, a version, a count; a `name` said beside one of its
 * `cues`; dead letter `ids` ("all", "14 and 15"); a `source` (an http(s) URL or a path); a JSON `file`; a quoted
 * `cron` expression; the command `line` said after it.
 */
export type ArgMeaning = 'date' | 'version' | 'count' | 'name' | 'ids' | 'source' | 'file' | 'cron' | 'line';

/**
 * One use of a command whose first arguments are fixed words (`outbox retry`, `minion add`, `schedule pause`):
 * its own phrasings; the other arguments are read from the sentence by their `meaning`.
 */
export interface CommandForm {
  readonly args: Readonly<Record<string, string>>;
  readonly phrases: CommandPhrases;
  /** Arguments this use cannot do without, though the command's spec leaves them optional: asked for. */
  readonly needs?: readonly string[];
}

export interface FlagSpec {
  readonly name: string;
  readonly help: string;
  /** Words that set it in a sentence ("and its data", "avec ses données"); default: the flag's name. */
  readonly phrases?: readonly string[];
}

/** How people ask for a command in English and French, besides its name and aliases (src/robot/understand). */
export interface CommandPhrases {
  readonly en?: readonly string[];
  readonly fr?: readonly string[];
}

/** `anyone`, `admin`, or `role:<name>` (roles come from the config, keyed on user ids). */
export type Permission = 'anyone' | 'admin' | `role:${string}`;

type ArgValue<A extends ArgSpec> = A['type'] extends 'int' ? number : string;
/** Handler args inferred from the `as const` arg list: required ones are present, optional ones may be undefined. */
export type ArgsOf<A extends readonly ArgSpec[]> = {
  [K in A[number] as K['name']]: K['required'] extends true ? ArgValue<K> : ArgValue<K> | undefined;
};

export interface Progress {
  /** Replace the progress post's text (throttled; the last update always lands). */
  update(text: string): void;
  /** Final state of the progress post. */
  done(out: Outbound | string): Promise<void>;
}

export interface UserInfo {
  id: string;
  name: string;
  isAdmin: boolean;
  roles: string[];
}

export interface RobotInfo {
  readonly version: string;
  readonly startedAt: Date;
  readonly adapter: string;
  health(): { healthy: boolean; detail: string };
  commands(): readonly AnyCommand[];
  canRun(user: UserInfo, cmd: AnyCommand): boolean;
  whoCanRun(cmd: AnyCommand): string;
  history(limit: number, opts?: { jobTicks?: boolean }): AuditEntry[];
  jobTicksSince(afterId: number): number;
  /** What a command line would run, without running it (schedules and recipes check their command with it). */
  vet(text: string): VetResult;
  /** What a sentence would run, or the question it would get, without running anything (`explain`). */
  explain?(text: string, locale?: string): import('./understand/explanation.js').Explanation;
}

export type VetResult =
  | { ok: true; command: AnyCommand; canonical: string; destructive: boolean }
  | { ok: false; message: string; command?: AnyCommand };

/**
 * The services bag is the commands layer's (commands/services.ts): the robot only hands it to commands,
 * refusing a command whose `needs` names a service the bag lacks (RobotOptions.absent says how).
 */
export type ServiceBag = object;

export interface CommandContext<S extends ServiceBag = ServiceBag> {
  readonly message: InboundMessage;
  readonly user: UserInfo;
  readonly auditId: number;
  readonly flags: ReadonlySet<string>;
  /** Set when the verb was a near-miss: how the robot read the message. */
  readonly readAs?: string;
  readonly robot: RobotInfo;
  readonly services: S;
  /** The user's language (their Mattermost locale, the shell's LANG) and what commands say in it. */
  readonly lang: Lang;
  readonly t: Replies;
  reply(out: Outbound | string): Promise<SentPost>;
  progress(initial: string): Promise<Progress>;
}

export interface CommandSpec<A extends readonly ArgSpec[] = readonly ArgSpec[], S extends ServiceBag = ServiceBag> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly description: string;
  readonly examples: readonly string[];
  /**
   * Phrasings beside the examples: matched on words and stems anywhere in a sentence, so word order does not
   * matter. Optional: without them a command is still understood by its name, aliases and examples' verbs.
   */
  readonly phrases?: CommandPhrases;
  /** Uses with fixed first arguments, each with its phrasings (commands whose action is a word of the line). */
  readonly forms?: readonly CommandForm[];
  readonly args: A;
  readonly flags?: readonly FlagSpec[];
  /** Defaults to `admin` when the command has side effects, `anyone` otherwise (deny by default). */
  readonly permission?: Permission;
  readonly sideEffects: boolean;
  /** The one service it cannot work without: the robot refuses it uniformly, before proposing or running, when absent. */
  readonly needs?: string;
  /** Destructive commands are proposed first and need a "yes" (or a button) from the same user. */
  readonly destructive?: boolean;
  /** Confirmation for some uses only (e.g. `schedule add … --destructive`): proposed first when this says so. */
  confirmWhen?(args: ArgsOf<A>, flags: ReadonlySet<string>): boolean;
  /** What a confirmation shows before running (a plan, in words, in the user's language: `t`). */
  preview?(args: ArgsOf<A>, flags: ReadonlySet<string>, t: Replies): string;
  /**
   * Like preview, when the plan needs a look at the services (which backup a date names). Throwing refuses the
   * proposal with its message; `{ nothingToDo }` answers at once, with no "yes" asked for (an app already on
   * the version asked for, no backup the policy drops): an outcome, not an error; `{ ask }` asks which one
   * (several backups match a date), answered in the thread.
   */
  proposal?(args: ArgsOf<A>, flags: ReadonlySet<string>, services: S, message: InboundMessage, t: Replies): Promise<string | { nothingToDo: (t: Replies) => string } | { ask: ProposalQuestion }>;
  /** Opt into unaddressed channel chatter: the handler runs when the pattern matches. */
  readonly hear?: RegExp;
  run(ctx: CommandContext<S>, args: ArgsOf<A>): Promise<Outbound | string | void>;
}

/**
 * A question a proposal asks instead of a "yes" (several backups match a date): answered in the thread by an
 * option, its number or a button, which completes `template` (`restore ghost {}`) into the command line.
 */
export interface ProposalQuestion {
  text: string;
  options: string[];
  template: string;
}

export type AnyCommand = CommandSpec<readonly ArgSpec[]>;

export function defineCommand<const A extends readonly ArgSpec[]>(spec: CommandSpec<A>): AnyCommand {
  return spec as unknown as AnyCommand;
}

export function permissionOf(cmd: AnyCommand): Permission {
  return cmd.permission ?? (cmd.sideEffects ? 'admin' : 'anyone');
}

export function usage(cmd: AnyCommand): string {
  const args = cmd.args.map((a) => {
    const n = a.rest ? `${a.name}…` : a.name;
    return a.required ? `<${n}>` : `[${n}]`;
  });
  const flags = (cmd.flags ?? []).map((f) => `[--${f.name}]`);
  return [cmd.name, ...args, ...flags].join(' ');
}
