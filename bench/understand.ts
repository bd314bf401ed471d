// The understanding step alone over the utterance corpus (test/fixtures/utterances): per-utterance latency,
// after one warm-up pass (natural's submodules load on first use). `bench:commands` reports its p99 as
// `understand_p99_ms`; run alone (`tsx bench/understand.ts`) the last line is one JSON object.
import { fileURLToPath } from 'node:url';
import { read, readCorpus } from '../test/helpers/utterances.js';

export function measureUnderstanding(rounds = 20): { utterances: number; p50_ms: number; p99_ms: number; max_ms: number } {
  const corpus = readCorpus();
  for (const u of corpus) read(u.text);
  const times: number[] = [];
  for (let k = 0; k < rounds; k++) {
    for (const u of corpus) {
      const t0 = performance.now();
      read(u.text);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Number(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(3));
  return { utterances: corpus.length, p50_ms: at(50), p99_ms: at(99), max_ms: Number(times[times.length - 1]!.toFixed(3)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const m = measureUnderstanding();
  console.log(`understanding: ${m.utterances} utterances x 20 rounds: p50 ${m.p50_ms} ms, p99 ${m.p99_ms} ms, max ${m.max_ms} ms`);
  console.log(JSON.stringify({ understand_utterances: m.utterances, understand_p50_ms: m.p50_ms, understand_p99_ms: m.p99_ms }));
}
