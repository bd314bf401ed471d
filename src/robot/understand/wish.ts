// A request said as a wish: "It would be great if you could back up ghost", "It'd be nice to restart wekan", « Ce
// serait top de redémarrer wekan », « ce serait bien que tu sauvegardes ghost », « il serait bon de… », « il convient
// de… ». The frame only softens the request:
// it is taken for the "please" it means, so the request is read as if asked plainly. Only with "you" or an infinitive
// after it ("it would be great if ghost stayed up" wishes for nothing the bot does). Pure.
import { plainEn } from './passive.js';

/** What the wish says it would be ("great", "nice", « top », « génial »…). */
const GOOD = String.raw`(?:great|nice|lovely|amazing|awesome|cool|helpful|perfect|ideal|brilliant|fantastic|wonderful|super|good|grand|top|bien|g[ée]nial|parfait|id[ée]al|chouette|sympa|gentil|cool|utile|super|bon|souhaitable|pr[ée]f[ée]rable|judicieux|mieux)`;
/** "(it) would be / it'd be (really) great if you could / to …" */
const EN_WISH = new RegExp(String.raw`^\s*(?:(?:it|that)\s+would|(?:it|that)['’]d|would)\s+be\s+(?:\w+\s+)?${GOOD}\s+(?:if\s+(?:you|u)\s+(?:could|can|would)\s+|to\s+)(?=\p{L})`, 'iu');
/** « ce / ça serait (vraiment) top de … », « … que tu … », « … si tu pouvais … » */
const FR_WISH = new RegExp(String.raw`^\s*(?:ce|[çc]a|il)\s+serait\s+(?:\p{L}+\s+)?${GOOD}\s+(?:(de\s+|d['’]\s*)|(que\s+tu\s+)|si\s+tu\s+pouvais\s+)(?=\p{L})`, 'iu');

/**
 * The same wish said with the past that follows "if": "it would be super helpful if you showed me the certificates",
 * "would be nice if you updated wekan", "it would really help (me) if you backed up every app". The verb is put back in
 * its plain form. Only "you" as its subject ("… if someone looked at the logs later" wishes it of no one here).
 */
const EN_WISH_PAST = new RegExp(String.raw`^\s*(?:(?:(?:it|that)\s+would|(?:it|that)['’]d|would)\s+(?:be\s+(?:\w+\s+)?${GOOD}|(?:really\s+|so\s+|truly\s+)?help(?:\s+(?:me|us))?(?:\s+(?:a\s+lot|loads|massively))?)\s+if\s+(?:you|u)\s+)(\p{L}+ed|ran|did|gave|took|put|set|spun\s+up)(?:\s+(up|back))?(?![\p{L}'’])`, 'iu');
/** The French imperfect that follows « si tu » said as the imperative: « si tu redémarrais » → « redémarre », « si tu mettais » → « mets ». */
const FR_IMPERFECT: Readonly<Record<string, string>> = { mettais: 'mets', remettais: 'remets', faisais: 'fais', prenais: 'prends', lisais: 'lis' };
/** « ça serait top si tu redémarrais… », « ça m'arrangerait si tu… », « ça me rendrait service que tu… / de… »: a wish, the verb in the imperfect after « si tu ». */
const FR_WISH_IF = new RegExp(String.raw`^\s*(?:(?:ce|[çc]a|cela|il)\s+serait\s+(?:\p{L}+\s+)?${GOOD}|(?:[çc]a|cela)\s+(?:me|m['’]\s*|nous)\s*(?:rendrait\s+(?:bien\s+|grand\s+)?service|arrangerait|aiderait)(?:\s+bien|\s+beaucoup)?)\s+(?:si\s+tu\s+(\p{L}+ais)(?![\p{L}])|(que\s+tu\s+)|(de\s+|d['’]\s*))`, 'iu');

/** « il convient de », « il reste à », « il importe de », « il y a lieu de », « il vous est demandé de »: what is to be done, said impersonally. */
// (« il vous est demandé de procéder à… »: what the reader is asked, said in the passive)
// (after a time said first, « À l'approche de la date limite, il conviendrait de… »; not after a condition, « si… , »)
const FR_DUE = /^(\s*(?:(?!(?:si|s['’]|quand|lorsque|au\s+cas)\b)[^,.;:!?]{3,60},\s*)?)il\s+(?:convient|conviendrait|importe|importerait|reste|resterait|y\s+a\s+lieu|(?:vous\s+|te\s+|nous\s+)?est\s+demand[ée])\s+(?:de\s+|d['’]\s*|[àa]\s+)(?=\p{L})/iu;

/** « je souhaiterais que l'on redémarre ghost », « j'aimerais qu'on sauvegarde nextcloud »: the speaker's wish that "one"
 * does it, the administrative request (its subjunctive is the imperative's form for the verbs in -er). */
// (its verb then what it acts on: « qu'on sache pourquoi… », « qu'on évite de… », « qu'on m'explique… » ask no act)
const FR_ONE = /^\s*(?:je\s+|j['’]\s*)(?:voudrais|souhaiterais|souhaite|aimerais)\s+qu(?:e\s+l['’]\s*|['’]\s*)on\s+(?=\p{L}+\s+(?!(?:de|d['’]|pourquoi|comment|si|que|qu['’]|quand|o[uù]|ce|combien|quel\p{L}*)(?![\p{L}'’]))\S)/iu;

/** The message with a wish that frames a request said as that request ("please …", « veuillez … », « que tu … »). */
export function wishAsRequest(text: string): string {
  const past = EN_WISH_PAST.exec(text);
  if (past) return `please ${plainEn(past[1]!)}${past[2] ? ` ${past[2]}` : ''}${text.slice(past[0].length)}`;
  const frIf = FR_WISH_IF.exec(text);
  if (frIf?.[1]) {
    const v = frIf[1].toLowerCase();
    return `${FR_IMPERFECT[v] ?? `${frIf[1].slice(0, -3)}e`}${text.slice(frIf[0].length)}`;
  }
  if (frIf) return `${frIf[2] ? 'que tu ' : 'veuillez '}${text.slice(frIf[0].length)}`;
  const en = EN_WISH.exec(text);
  if (en) return `please ${text.slice(en[0].length)}`;
  const one = FR_ONE.exec(text);
  if (one) return `veuillez ${text.slice(one[0].length)}`;
  const due = FR_DUE.exec(text);
  if (due) return `${due[1]}veuillez ${text.slice(due[0].length)}`;
  const fr = FR_WISH.exec(text);
  // (« que tu sauvegardes… » is left to addressing.ts, which reads a subjunctive said to "tu" as its imperative)
  if (fr) return `${fr[2] ? 'que tu ' : 'veuillez '}${text.slice(fr[0].length)}`;
  return text;
}
