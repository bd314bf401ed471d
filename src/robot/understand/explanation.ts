// What `--explain` and `explain` print (one JSON object), in a file of its own: the command spec's types
// name it without importing the understanding step (no cycle).
/** The languages Summoner understands and answers in. */
export type Lang = 'en' | 'fr';

export interface Explanation {
  command: string | null;
  args: Record<string, string | number | boolean>;
  canonical: string | null;
  confirm: boolean;
  ask: string | null;
  lang: Lang;
}
