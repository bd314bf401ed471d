// A need said around the request, which only frames it: "what I need is the status of every app", "all we need is a
// backup of ghost", « ce qu'il me faut, c'est le rapport », « ce dont j'ai besoin, c'est l'état de ghost » (the thing
// needed is the request); "I need to know what roles the bot gives me", « j'ai besoin de savoir quelles versions… »
// (the question after it is the one asked; "whether" and "if" stay with the rules that read them); « j'aurais besoin
// du rapport » (the conditional of politeness is the need itself); « faudrait que gitlab soit redémarré » (a need of
// what it acts on, said impersonally, not asked: passive.ts reads its imperative). Compiled once; pure.

/** "what I need is", "all we need is", "the thing I need is". */
const EN_WHAT_NEED = /^\s*(?:what|all|the\s+(?:only\s+)?thing)\s+(?:i|we)\s+(?:really\s+|actually\s+)?(?:need|want)\s+(?:right\s+now\s+|now\s+)?is\s+(?=\p{L})/iu;
/** "I need to know what / which / who / when / how many …" (not "whether", "if"). */
const EN_KNOW = /^\s*(?:i|we)\s+(?:really\s+)?(?:need|want|have)\s+to\s+know\s+(?=(?:what|which|who|when|where|how)\b)/iu;
/** « ce qu'il me faut, c'est », « ce dont j'ai / on a besoin, c'est ». */
const FR_WHAT_NEED = /^\s*ce\s+(?:qu['’]\s*il\s+(?:me|nous)\s+faut|dont\s+(?:j['’]\s*ai|on\s+a|nous\s+avons)\s+besoin)\s*,?\s*c['’]\s*est\s+(?=\p{L})/iu;
/** « j'aurais / on aurait / nous aurions besoin de … » (a thing, not « que… », not « eu besoin »). */
const FR_WOULD_NEED = /^(\s*)(?:j['’]\s*aurais|on\s+aurait|nous\s+aurions)\s+besoin\s+(?=(?:de|du|des|d['’])(?![\p{L}]))/iu;
/** « (il) faudrait / faut que <chose> soit <participe> », not asked. */
const FR_MUST_BE = /^\s*(?:il\s+)?(?:faudrait|faut)\s+qu(?:e\s+|['’]\s*)([^,.;:!?]{2,40}?)\s+soi(?:t|ent)\s+(?=\p{L})/iu;

/** The message with its need's frame taken off (or said as the frame the other rules read). */
export function withoutNeedFrame(text: string): string {
  if (!/need|besoin|faut|faudrait/iu.test(text)) return text;
  const what = EN_WHAT_NEED.exec(text) ?? FR_WHAT_NEED.exec(text);
  if (what) return text.slice(what[0].length);
  const know = EN_KNOW.exec(text);
  if (know) return `${text.slice(know[0].length).replace(/[.!\s]*$/u, '')}?`;
  const would = FR_WOULD_NEED.exec(text);
  if (would) return `${would[1]}j'ai besoin ${text.slice(would[0].length)}`;
  // (« il faudrait que ghost soit redémarré ? » asks whether it should be)
  const must = /\?\s*$/u.test(text) ? null : FR_MUST_BE.exec(text);
  if (must) return `j'aurais besoin que ${must[1]} soit ${text.slice(must[0].length)}`;
  return text;
}
