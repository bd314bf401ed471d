// What the speaker wishes had been done, or what a request hangs on: "I wish we had backed up ghost before that update",
// "if only we had restarted wekan", « si seulement on avait sauvegardé ghost » tell a regret (the past, nothing to run
// nor to list: "backed up" is no question about the backups); "si mattermost revient pas, montre-moi ses logs", "if
// ghost is slow, show me its status" ask for something only under a condition the bot cannot judge, even when it only
// shows (a polite "if", "si t'as deux secondes", "if you can", is no condition). Pure; regex-gated.

/** "I wish we had …", "if only I had …", « si seulement on avait … », « dommage qu'on ait pas … ». */
const REGRET = /\b(?:(?:i|we)\s+wish\s+(?:i|we|you|someone|somebody)\s+(?:had|would\s+have)|if\s+only\s+(?:i|we|you|someone)\s+had)\b|\bsi\s+seulement\s+(?:on|j['’]|je|nous|tu|quelqu['’]un)\s*(?:avait|avais|avions|aviez)\b|\bdommage\s+qu['’]\s*(?:on|il)\s+(?:ait|n['’]\s*ait)\b/iu;

/** Whether `text` tells a regret. */
export function tellsRegret(text: string): boolean {
  return REGRET.test(text);
}

/** A message that opens on "if" / « si » then a comma. */
const OPENS_ON_IF = /^\s*(?:if|si)\s+[^,]{2,80},\s*\S/iu;
/** Whether `text` opens on a condition (not a polite one, which `politeIf` tells) before its request. */
export function opensOnCondition(text: string, polite: () => boolean): boolean {
  return OPENS_ON_IF.test(text) && !polite();
}
