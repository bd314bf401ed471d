// The shapes a power user types a command line in, made into the line the grammar reads. A shell's habits: "backup
// --all" (the grammar's "all" typed as a flag the command does not have), "scale wekan x3" (a count typed as a
// multiplier, « @summoner scale wekan x4 »), "mattermost replicas=2" (a count typed as a setting), "summon
// nextcloud@30.0.4", « summon wekan@7.61 » (an app pinned to a version as a package manager writes it). Each was asked
// back ("which app?", "how many?", "not a valid app name") though nothing in it was in doubt. Only where the shape
// cannot mean anything else: "--all" after a command's name, on a command that destroys nothing and has no such flag;
// "x3" right after an app's name; a count key among the words of scaling; "@" between an app's name and a version. Pure.

/** A count typed as a setting ("replicas=2", « instances=3 », "tasks: 4"). */
const COUNT_SETTING = /\b(replicas|replica|instances|instance|tasks|copies|lines|lignes)\s*[=:]\s*(\d{1,4})\b/giu;
/** Two key=value pairs or more, as a script writes a whole request. */
const KEY_VALUE_PAIRS = /[\p{L}_-]=\S+.*\s[\p{L}_-]+=\S/u;
/** An app's name, then a version after "@" ("nextcloud@30.0.4", "wekan@v7.61"). */
const AT_VERSION = /(^|\s)([\p{L}][\p{L}\d_-]*)@(v?\d+(?:\.\d+)*)(?=$|[\s,.;!?])/gu;
/** An app's name, then a count typed as a multiplier ("wekan x3", "wekan ×4"). */
const TIMES = /(^|\s)([\p{L}][\p{L}\d_-]*)\s+[x×](\d{1,3})(?=$|[\s,.;!?])/gu;

/** "at that version", « dans cette version », « à cette version »: a version named before. */
const THAT_VERSION = /\s+(?:at|to|on|in)\s+(?:that|this|the same)\s+version\b|\s+((?:dans|en|à|a|sur)\s+(?:cette|la m[eê]me)\s+version)\b/iu;
/** An image and its tag ("ghost:5.118.0", "library/ghost:v5.118"): the app's name and its version. */
const IMAGE_TAG = /(?:^|[\s`"'(/])([\p{L}][\p{L}\d_-]*):(v?\d+(?:\.\d+)*[\w.+-]*)(?=$|[\s`"',.;!?)])/gu;

/**
 * The text with those shapes made plain. `command(w)` is the command a first word names (its name or alias):
 * whether it destroys and whether it has a flag named "all"; `isApp(w)` whether a word is an app's name.
 */
export function plainPowerShapes(text: string, command: (w: string) => { destructive: boolean; flags: readonly string[] } | undefined, isApp: (w: string) => boolean): string {
  let out = text;
  if (out.includes('--all')) {
    const first = /^\s*(\S+)/u.exec(out)?.[1]?.toLowerCase() ?? '';
    const c = command(first);
    if (c && !c.destructive && !c.flags.includes('all')) out = out.replace(/(\s)--all(?=$|[\s,.;!?])/u, '$1all');
  }
  // (not in a message of key=value pairs alone, "action=logs app=gitlab lines=150": key-values.ts reads those whole)
  if ((out.includes('=') || out.includes(':')) && !KEY_VALUE_PAIRS.test(out)) out = out.replace(COUNT_SETTING, '$1 $2');
  if (out.includes('@')) out = out.replace(AT_VERSION, (m, pre: string, app: string, v: string) => (isApp(app.toLowerCase()) ? `${pre}${app} ${v}` : m));
  if (/[x×]\d/u.test(out)) out = out.replace(TIMES, (m, pre: string, app: string, n: string) => (isApp(app.toLowerCase()) ? `${pre}${app} ${n}` : m));
  // ("update ghost to `5.118.0`": a version alone in a code span is the version; "restore ghost from **avant-hier**":
  // bold or underlined words are the words)
  if (out.includes('`')) out = out.replace(/`(v?\d+(?:\.\d+)+[\w.+-]*)`/gu, '$1');
  if (out.includes('**') || out.includes('__')) out = out.replace(/\*\*([^*\n]+)\*\*/gu, '$1').replace(/(?<![\p{L}\d])__([^_\n]+)__(?![\p{L}\d])/gu, '$1');
  // ("`docker run ghost:5.118.0`, spin ghost up at that version", « …, monte ghost dans cette version »: the version
  // meant is the image's tag the message names for that app)
  const tag = THAT_VERSION.test(out) ? [...out.matchAll(IMAGE_TAG)].find((m) => isApp(m[1]!.toLowerCase())) : undefined;
  if (tag) out = out.replace(THAT_VERSION, (_, fr: string | undefined) => (fr ? ` en ${tag[2]}` : ` ${tag[2]}`));
  return out;
}
