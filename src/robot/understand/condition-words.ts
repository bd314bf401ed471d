// A condition said with another word than "if": "unless someone's using it, restart gitlab", "as long as the backup
// is verified, update nextcloud", "provided the backup went fine, …", « du moment que la sauvegarde est vérifiée, mets
// à jour nextcloud », « à condition que personne ne bosse dessus, … », « pourvu que … ». The request hangs on
// something the bot cannot judge, as with "if" (`IF_WORDS`): each is said as "if" / « si » so the rules that ask
// before acting under a condition read it. « tant que tu y es » ("while you're at it") is no condition and is left
// as typed. Compiled once; pure.

/** English: "unless", "as long as", "so long as", "provided (that)", "providing (that)", "on condition that". */
// ("provided" only before what it makes the condition of: "the backup provided by gitlab" provides)
const EN_CONDITION = /(?<![\p{L}'’-])(?:unless|(?:as|so)\s+long\s+as|(?:provided|providing)(?:\s+that|(?=\s+(?:nobody|no\s+one|noone|someone|somebody|everyone|everybody|the|it|it['’]s|its|we|you|i|they|there|he|she|all|our|your)\b))|on\s+(?:the\s+)?condition\s+that)(?=\s+(?!possible\b|needed\b|necessary\b)\p{L})/giu;
/** French: « du moment que », « à condition que », « pourvu que », « tant que » (not « tant que tu y es », nor « en tant que »), « sous réserve que ». */
const FR_CONDITION = /(?<![\p{L}'’-])(?:du\s+moment\s+|[àa]\s+(?:la\s+)?condition\s+|pourvu\s+|(?<!\ben\s+)tant\s+(?!qu(?:e\s+|['’]\s*)(?:on|t|tu|vous|j|nous)\s*['’]?\s*y(?![\p{L}]))|sous\s+r[ée]serve\s+)qu(?:e\s+|['’]\s*)(?=\p{L})/giu;

/** The message with its conditions said as "if" / « si » (« qu'il » → « si il », which reads as « s'il »). */
export function conditionsAsIf(text: string): string {
  if (!/unless|long\s+as|provid|condition|moment|pourvu|tant|serve|une\s+fois/iu.test(text)) return text;
  return text.replace(EN_CONDITION, 'if').replace(FR_CONDITION, 'si ').replace(ONCE_FR, 'si ');
}
/** « une fois la migration finie, … », « une fois que c'est fait, … »: "once", opening the message. */
const ONCE_FR = /^(\s*)une\s+fois\s+(?:que\s+|qu['’]\s*)?(?=(?:la|le|les|l['’]|ce|cette|c['’]|mon|ma|notre|nos|tout|toute|toutes|il|elle|on|ils|elles)\b)/iu;
