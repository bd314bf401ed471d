// Every app but some: "backup everything but gitlab", "restart all apps except ghost", « sauvegarde tout sauf gitlab »,
// « tout à part wekan ». No command takes "all but": read on the app named, it acted on the one app left out. The
// exception is found here; the caller asks which apps, never runs the command on the app said. Pure.
import { normalise } from './words.js';

/** "all"/"everything" (and their French), then within a few words an exception word, then an app. */
const ALL_BUT = /(?<!\p{L})(?:all|everything|every\s+app|tout|toutes|tous)(?!\p{L})(?:\s+\S+){0,3}?\s*,?\s+(?:but(?:\s+not)?|except(?:ing)?(?:\s+for)?|apart\s+from|other\s+than|save\s+for|minus|without|sauf|hormis|excepte|excepte|a\s+part|mis\s+a\s+part|en\s+dehors\s+de|sans)\s+(?:the\s+|le\s+|la\s+|l'|les\s+)?(\p{L}[\p{L}\p{N}-]*)/u;

/** The app left out of "all", when the message says every app but one; else undefined. */
export function appLeftOut(text: string, isApp: (w: string) => boolean): string | undefined {
  const m = ALL_BUT.exec(normalise(text).replace(/’/g, "'"));
  return m && isApp(m[1]!) ? m[1] : undefined;
}
