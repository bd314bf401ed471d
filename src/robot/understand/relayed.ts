// A request relayed to the bot by the one who types it, for someone else: "Raj asked me to paste this for him: please
// add the minion bookstack from …", "Jen asked me to pass on: could you restart ghost", "Raj asked me to ask you to put
// summoner's memory back to yesterday's copy", "on behalf of Nadia: she'd like you to restart mattermost", « De la part
// de Nadia : elle voudrait que tu redémarres mattermost », « Pierre m'a demandé de te dire d'ajouter la tâche … ». The
// request is for the bot (the one typing only carries it), so what follows the frame is read as the message, with
// every check; the frame's third person said to the bot ("she'd like you to", « elle voudrait que tu ») is the asker's
// own. A request for someone else ("tell Priya to back up wordpress", "Priya asked me to back up wordpress": for the
// one typing) has no such frame and stays asked. Pure.

/** "… asked me to paste this (for him): …", "… wants me to pass on: …", « … m'a demandé de te transmettre : … ». */
const CARRIED = /^(?:[^:?]{0,80}?)\b(?:asked|wants|wanted|told|needs)\s+me\s+to\s+(?:paste|pass\s+(?:(?:this|it)\s+)?on|forward|relay|post|share|send\s+on)\b[^:?!]{0,30}:\s*(\S.*)$/isu;
/** "… asked me to ask you to …", "… wants me to tell you to …": the rest, said to the bot. */
const ASK_YOU = /^(?:[^:?]{0,80}?)\b(?:asked|wants|wanted|told)\s+me\s+to\s+(?:ask|tell)\s+you\s+to\s+(\S.*)$/isu;
/** "on behalf of Nadia: …", « de la part de Nadia : … ». */
const BEHALF = /^\s*(?:on\s+behalf\s+of|de\s+la\s+part\s+d(?:e\s+|'|’))[^:?!]{1,60}:\s*(\S.*)$/isu;
/** « Pierre m'a demandé de te dire d'ajouter … », « … m'a demandé de vous demander de redémarrer … ». */
const FR_ASK_YOU = /^(?:[^:?]{0,80}?)\bm['’]a\s+(?:demandé|demande|chargé|charge)\s+de\s+(?:te|vous)\s+(?:dire|demander)\s+(?:de\s+|d['’])(\S.*)$/isu;
/** « … m'a demandé de te transmettre : … ». */
const FR_CARRIED = /^(?:[^:?]{0,80}?)\bm['’]a\s+(?:demandé|demande|chargé|charge)\s+de\s+(?:te|vous)\s+(?:transmettre|faire\s+passer|dire|demander)(?:\s+(?:ceci|ça|ca|cela))?\s*:\s*(\S.*)$/isu;
/** The asker's wish, said in the third person to the bot: "she'd like you to", « elle voudrait que tu ». */
const THIRD_WISH = /^(?:(?:she|he|they)\s*(?:'d|’d|\s+would)\s+like\s+you\s+to|(?:she|he|they)\s+wants?\s+you\s+to)\b/iu;
const FR_THIRD_WISH = /^(?:elle|il|ils|elles)\s+(?:voudrai(?:t|ent)|souhaiterai(?:t|ent)|aimerai(?:t|ent)|veu(?:t|lent)|souhaite(?:nt)?)\s+que\s+(tu|vous)\b/iu;

/** The request a message relays to the bot, as the asker's own words; undefined when the message relays nothing. */
export function relayedRequest(text: string): string | undefined {
  const t = text.trim();
  // (the French forms need « m'a », the English " me to": the scans are skipped without them)
  const frenchFrame = /m['’]a\s/iu.test(t);
  const englishFrame = /\sme\s+to\s/iu.test(t);
  const fr = frenchFrame ? FR_ASK_YOU.exec(t) : null;
  if (fr) return `tu peux ${fr[1]!}`;
  const m = (englishFrame ? (CARRIED.exec(t) ?? ASK_YOU.exec(t)) : null) ?? BEHALF.exec(t) ?? (frenchFrame ? FR_CARRIED.exec(t) : null);
  if (!m) return undefined;
  const rest = m[1]!.trim();
  return rest.replace(THIRD_WISH, "I'd like you to").replace(FR_THIRD_WISH, (_all, you: string) => `je voudrais que ${you}`);
}
