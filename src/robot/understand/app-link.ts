// An app's address asked for by its link: "send me the link to gitlab", "where do I find mattermost? link pls",
// « le lien de mattermost stp », « j'ai perdu le lien de nextcloud ». `status <app>` shows its URL. Only the link *of an
// app*: "the link to the backup checklist" or a pasted share link ("https://nextcloud…/s/Xy12 is the link to…") names
// none. Pure.
import { normalise } from './words.js';

const LINK = [
  /\b(?:link|url|address)\s+(?:to|for|of)\s+(?:the\s+|our\s+)?([\p{L}\p{N}-]+)/u,
  /\bwhere\s+(?:do|can|would)\s+(?:i|we|you)\s+find\s+(?:the\s+|our\s+)?([\p{L}\p{N}-]+)\s*(?:[?,.!]|$)/u,
  /\b(?:lien|url|adresse)\s+(?:de|vers|pour|du|d['’])\s*(?:l['’]\s*|la\s+|le\s+)?([\p{L}\p{N}-]+)/u,
];

/** The app whose link the message asks for, or undefined. */
export function appLinkAsked(text: string, isApp: (w: string) => boolean): string | undefined {
  // (a pasted link is what the message talks about, not one it asks for)
  const t = normalise(text).replace(/\bhttps?:\/\/\S+/gu, ' ');
  for (const re of LINK) {
    const app = re.exec(t)?.[1];
    if (app && isApp(app)) return app;
  }
  return undefined;
}
