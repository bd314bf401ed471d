// Types for the few `natural` submodules we import directly: importing natural's index costs ~1 s and ~100 MB
// (it loads database adapters), the submodules ~0.1 s.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer.js' {
  class AggressiveTokenizer {
    tokenize(text: string): string[];
  }
  export default AggressiveTokenizer;
}
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  function JaroWinklerDistance(a: string, b: string, opts?: { ignoreCase?: boolean }): number;
  export default JaroWinklerDistance;
}
declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  export function DamerauLevenshteinDistance(a: string, b: string, opts?: { restricted?: boolean }): number;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_fr.js' {
  const PorterStemmerFr: { stem(token: string): string };
  export default PorterStemmerFr;
}
