// Dump the full reading of every utterance of both corpora (test/fixtures/utterances and utterances-heldout),
// at the corpus clock, one JSON line each, to prove a change to the understanding step reads nothing differently:
//   tsx scripts/understand/readings-snapshot.ts [out file]   (stdout without one), then `cmp` two dumps.
// Every line is read twice in turn (the whole corpus, then again), and a second reading that differs from the
// first fails the script: a cache or memo must not change what a sentence means.
import fs from 'node:fs';
import path from 'node:path';
import { explanation } from '../../src/robot/understand/index.js';
import { CORPUS_DIR, read, readCorpus } from '../../test/helpers/utterances.js';

const dirs = [CORPUS_DIR, path.join(CORPUS_DIR, '..', 'utterances-heldout')];
const lines: string[] = [];
const first: string[] = [];
for (const pass of [0, 1]) {
  let n = 0;
  for (const dir of dirs) {
    for (const u of readCorpus(dir)) {
      const r = read(u.text);
      const line = JSON.stringify({ corpus: path.basename(dir), lang: u.lang, line: u.line, text: u.text, explanation: explanation(r), reading: r });
      if (pass === 0) first.push(line);
      else if (first[n] !== line) throw new Error(`second reading differs: ${u.text}`);
      else lines.push(line);
      n++;
    }
  }
}
const out = lines.join('\n') + '\n';
if (process.argv[2]) fs.writeFileSync(process.argv[2], out);
else process.stdout.write(out);
