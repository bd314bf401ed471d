// "is ghost back??", "did mattermost come back after the restart?", « gitlab est revenu ou pas ? », « wekan respire
// encore ? », « mattermost tient le coup ? », "is nextcloud back to normal speed?", « ça donne quoi ghost ? », « on en est où avec nextcloud ? », "anything still red?", "which app is down
// exactly?": a short question, the whole message, on whether an app is up again or which one is not, is its state
// (`status`). Read whole, because its words are other commands' ("back" is rollback's and backup's, « revenu »
// rollback's, « respire » a near-miss of dismiss's): only the question alone, never a clause of a longer message ("is
// ghost back? if not restart it" is a condition, read elsewhere).
import { normalise } from './words.js';

/** An app said with or without its article (the word is checked against the apps). */
const APP = String.raw`(?:the\s+|le\s+|la\s+|l['’]\s*)?([\p{L}\p{N}-]+)`;
/** What may follow the question: when, how sure, "or not". */
const TAIL = String.raw`(?:\s+(?:(?:after|since)\s+(?:the\s+|that\s+|its\s+)?[\p{L}-]+|yet|already|now|rn|exactly|again|ou\s+pas|ou\s+non|encore|toujours|deja|maintenant|exactement|ce\s+matin|this\s+morning|today|aujourd['’]?hui|apres\s+(?:le|la|l['’])\s*[\p{L}-]+|depuis\s+(?:le|la|l['’])\s*[\p{L}-]+))*`;
const END = String.raw`\s*\?+\s*$`;

/** Questions about one app (its word in the first group). */
const ONE_APP = [
  // "is ghost back?", "has gitlab come back?", "did mattermost come back (up|online) after the restart?"
  // ("is nextcloud back to normal (speed)?": back to how it runs, said whole)
  new RegExp(String.raw`^(?:is|are|has|have|did)\s+${APP}\s+(?:come\s+|came\s+|gone\s+|got\s+)?back(?:\s+(?:up|online|to\s+normal(?:\s+(?:speed|again))?))?${TAIL}${END}`, 'u'),
  // "is mattermost holding up?", "mattermost holding up ok?", « mattermost tient le coup ? », « ghost tient bon ? »
  new RegExp(String.raw`^(?:is\s+|are\s+)?${APP}\s+(?:still\s+)?holding\s+(?:up|on)(?:\s+(?:ok|okay|fine|alright))?${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^(?:est-ce\s+qu(?:e\s+|['’]\s*))?${APP}\s+(?:tient|tiennent)\s+(?:le\s+coup|bon)${TAIL}${END}`, 'u'),
  // « nextcloud est redevenu normal ? », « ghost est revenu à la normale ? », « wekan est redevenu rapide ? »
  new RegExp(String.raw`^(?:est-ce\s+qu(?:e\s+|['’]\s*))?${APP}\s+(?:est|est-il|est-elle)\s+(?:bien\s+)?(?:redevenue?\s+(?:normale?|rapide|stable)|revenue?\s+a\s+la\s+normale)${TAIL}${END}`, 'u'),
  // « gitlab est revenu (ou pas) ? », « est-ce que gitlab est revenu ? », « gitlab est reparti ? », « … est déjà reparti ? »
  new RegExp(String.raw`^(?:est-ce\s+qu(?:e\s+|['’]\s*))?${APP}\s+(?:est|est-il|est-elle)\s+(?:bien\s+|deja\s+)?(?:revenue?|repartie?)${TAIL}${END}`, 'u'),
  // « wekan respire (encore) ? », « est-ce que wekan respire encore ? »
  new RegExp(String.raw`^(?:est-ce\s+qu(?:e\s+|['’]\s*))?${APP}\s+respire${TAIL}${END}`, 'u'),
  // « ça donne quoi ghost ? », « ça donne quoi avec ghost ? »
  new RegExp(String.raw`^(?:ca|ça)\s+donne\s+quoi\s+(?:avec\s+|pour\s+|cote\s+)?${APP}${TAIL}${END}`, 'u'),
  // « gitlab, il est comment ce matin ? », « gitlab il va comment ? », « comment va gitlab ? », "how's gitlab doing today?"
  new RegExp(String.raw`^${APP}\s*,?\s+(?:il|elle)\s+(?:est|va)\s+comment${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^comment\s+(?:va|se\s+porte)\s+${APP}${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^how(?:['’]s|\s+is|s)\s+${APP}(?:\s+(?:doing|looking|holding\s+up))?${TAIL}${END}`, 'u'),
  // "which mattermost are we running atm, still 10.2?", "what gitlab do we run?": which one runs, its state (not "which
  // version of nextcloud are we on, and what is newer?": the versions')
  new RegExp(String.raw`^(?:which|what)\s+${APP}\s+(?:are\s+we|do\s+we)\s+(?:running|run)\b(?![^?]*\b(?:newer|new|update|upgrade|latest|versions?)\b)[^?]*${END}`, 'u'),
  // "why is nextcloud so slow this morning?", "is it just me or is mattermost slow?", "gitlab feels sluggish, what's
  // going on with it?", « pourquoi nextcloud rame autant ? », « c'est moi ou mattermost est lent ? »: how it runs, asked
  new RegExp(String.raw`^(?:why\s+is|is)\s+${APP}\s+(?:so\s+|really\s+|that\s+|this\s+)?(?:slow|sluggish|laggy)${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^is\s+it\s+(?:just\s+)?me\s+or\s+is\s+${APP}\s+(?:so\s+|really\s+)?(?:slow|sluggish|laggy|down)${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^${APP}\s+(?:feels|is|seems)\s+(?:really\s+|so\s+|very\s+|super\s+)?(?:slow|sluggish|laggy)\s*,?\s*(?:what['’]?s\s+going\s+on(?:\s+with\s+it)?|any\s+idea\s+why|why)${END}`, 'u'),
  new RegExp(String.raw`^pourquoi\s+${APP}\s+(?:rame|est\s+(?:si\s+|aussi\s+|tellement\s+)?lente?)(?:\s+(?:autant|comme\s+ca|tant))?${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^c['’]?\s*est\s+moi\s+ou\s+${APP}\s+(?:est\s+(?:super\s+|tres\s+|vraiment\s+)?lente?|rame)${TAIL}${END}`, 'u'),
  // "wekan.example.org gives me a blank page, what's going on with it?", « gitlab est en rade ou c'est moi ? », « et
  // gitlab maintenant, ça donne quoi ? », « le site static rame d'après le marketing, il va bien ? »: the app opens the
  // message, what is seen of it follows, and the last words ask how it is (nothing in between asks for an act)
  new RegExp(String.raw`^(?:and\s+|et\s+)?(?:(?:the|le)\s+site\s+)?${APP}(?:\.[a-z0-9-]+)*\b(?![^?]*\b(?:restart|reboot|restore|update|upgrade|backup|dismiss|remove|delete|prune|rollback|summon|redemarre|relance|restaure|sauvegarde|supprime|vire|mets?)\b)[^?]{0,60}?[\s,:;-]\s*(?:what['’]?s\s+(?:going\s+on|wrong|up)(?:\s+with\s+(?:it|that))?|what\s+is\s+(?:going\s+on|wrong)(?:\s+with\s+(?:it|that))?|any\s+idea\s+why|(?:il|elle)\s+va\s+bien|(?:ca|ça)\s+donne\s+quoi|(?:ou|or)\s+(?:c['’]?\s*est\s+moi|is\s+it\s+(?:just\s+)?me))${END}`, 'u'),
  // « on en est où avec nextcloud ? », « on en est où pour nextcloud ? »
  new RegExp(String.raw`^on\s+en\s+est\s+ou\s+(?:avec|pour|sur|cote)\s+${APP}${TAIL}${END}`, 'u'),
];
/** Questions about every app: "anything still red?", "which app is down (exactly)?". */
const ANY_APP = [
  new RegExp(String.raw`^(?:is\s+)?(?:there\s+)?(?:anything|something|any\s+apps?)\s+(?:still\s+)?(?:red|down|broken|dead)${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^(?:which|what)\s+(?:app|apps|one|ones)\s+(?:is|are)\s+(?:still\s+)?(?:down|red|broken|dead)${TAIL}${END}`, 'u'),
  // "is anything on fire?", « y a le feu quelque part ? », "everything up?", « tout est up ? », "are all the apps healthy?"
  new RegExp(String.raw`^(?:is\s+)?(?:there\s+)?(?:anything|something)\s+on\s+fire${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^(?:y\s+a|il\s+y\s+a)\s+(?:le\s+feu|un\s+incendie)(?:\s+quelque\s+part)?${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^(?:is\s+)?everything\s+(?:up|ok|okay|fine|green|running)${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^(?:est-ce\s+que\s+)?tout\s+est\s+(?:up|ok|en\s+ligne|vert|au\s+vert)${TAIL}${END}`, 'u'),
  new RegExp(String.raw`^are\s+(?:all\s+)?(?:the\s+|our\s+)?apps\s+(?:all\s+)?(?:healthy|up|ok|fine|running)${TAIL}${END}`, 'u'),
];

/**
 * The state a message asks, if it is one of these questions alone: the app's name, or '' for every app; else
 * undefined. `isApp` says whether a word is an app's name.
 */
export function asksState(text: string, isApp: (w: string) => boolean): string | undefined {
  if (!/\?\s*$/u.test(text) || text.length > 80) return undefined;
  const whole = normalise(text).trim().replace(/\s+/gu, ' ');
  // ("quick sanity check before standup: everything up?": the question after a short label)
  const t = whole.replace(/^[^:?]{1,50}:\s+(?=\S)/u, '');
  for (const re of ONE_APP) {
    const m = re.exec(t);
    if (m && isApp(m[1]!)) return m[1]!;
  }
  return ANY_APP.some((re) => re.test(t)) ? '' : undefined;
}
