// The import rules (.dependency-cruiser.cjs, the module map of the README as rules) bite. `npm test` runs them on
// the tree (`npm run lint:imports`); here the same CLI and rules run over a scratch tree laid out like ours, with one
// of each kind of violation, so a rule that stops matching (a typo in a path pattern) fails here, not silently.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tmpDir } from './helpers/robot.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const config = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Cruise `dirs` under `cwd` with our rules, as `npm run lint:imports` does: its exit code and report. */
async function cruise(cwd: string, dirs: string[], outputType: 'err' | 'json', extra: string[] = []): Promise<{ exit: number; stdout: string }> {
  const argv = [depcruise, ...dirs, '--config', config, '--output-type', outputType, ...extra];
  try {
    const { stdout } = await run(process.execPath, argv, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { exit: 0, stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    if (typeof err.code !== 'number' || err.stdout === undefined) throw e;
    return { exit: err.code, stdout: err.stdout };
  }
}

/** The violations that count (known ones come back with severity `ignore` under --ignore-known). */
async function violations(cwd: string, dirs: string[], extra: string[] = []): Promise<Violation[]> {
  const { stdout } = await cruise(cwd, dirs, 'json', extra);
  return (JSON.parse(stdout).summary.violations as Violation[]).filter((v) => v.rule.severity !== 'ignore');
}

function write(dir: string, files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

describe('import rules', () => {
  // `npm test` runs the check on the tree (`npm run lint:imports`, --ignore-known): nothing may be ignored.
  it('no violation is recorded as known, and the tree has none (no cycle either), the robot included', async () => {
    const known = JSON.parse(fs.readFileSync(path.join(root, '.dependency-cruiser-known-violations.json'), 'utf8')) as Violation[];
    expect(known).toEqual([]);
    // without --ignore-known: the tree itself holds every rule
    const found = (await violations(root, ['src', 'adapters', 'commands'])).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found).toEqual([]);
  }, 120_000);

  it('catches an upward import, a type-only cycle, a kernel import from above, and adapters reached from below', async () => {
    const dir = tmpDir('summoner-import-rules-');
    write(dir, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'src/robot/robot.ts': 'export const robot = 1;\n',
      'src/robot/types.ts': 'export type ChatPort = { send(text: string): void };\n',
      // the kernel may be imported from anywhere
      'src/errors.ts': "export class SummonerError extends Error {}\n",
      'src/core/uses-kernel.ts': "import { SummonerError } from '../errors.js';\nexport const e = SummonerError;\n",
      // 1. core importing the robot
      'src/core/deploy.ts': "import { robot } from '../robot/robot.js';\nexport const x = robot;\n",
      // 2. a cycle made of type-only imports
      'src/core/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
      'src/core/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
      // 3. the kernel importing something above it
      'src/core/events.ts': "import type { A } from './a.js';\nexport type E = A;\n",
      // 4. an adapter reaching past the robot's ports, and notify importing an adapter
      'adapters/shell/index.ts': "import type { A } from '../../src/core/a.js';\nimport type { ChatPort } from '../../src/robot/types.js';\nexport type S = [A, ChatPort];\n",
      'src/notify/center.ts': "import type { S } from '../../adapters/shell/index.js';\nexport type N = S;\n",
    });
    const found = (await violations(dir, ['src', 'adapters'])).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        'adapters-see-only-robot-ports: adapters/shell/index.ts -> src/core/a.ts',
        'core-never-imports-upward: src/core/deploy.ts -> src/robot/robot.ts',
        'kernel-is-the-bottom: src/core/events.ts -> src/core/a.ts',
        'no-circular: src/core/a.ts -> src/core/b.ts',
        'notify-and-schedule-stay-beside-each-other: src/notify/center.ts -> adapters/shell/index.ts',
        'only-the-composition-root-imports-adapters-and-commands: src/notify/center.ts -> adapters/shell/index.ts',
      ].sort(),
    );
    // and the check `npm test` runs fails on them, naming the rule
    const { exit, stdout } = await cruise(dir, ['src', 'adapters'], 'err');
    expect(exit).not.toBe(0);
    expect(stdout).toContain('error core-never-imports-upward: src/core/deploy.ts → src/robot/robot.ts');
  }, 60_000);

  it("the README's layout names every module folder and top-level file of the tree", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## Benchmarks'));
    const entries = (dir: string) => fs.readdirSync(path.join(root, dir), { withFileTypes: true });
    const expected = [
      ...entries('src').map((e) => (e.isDirectory() ? `src/${e.name}/` : `src/${e.name}`)),
      ...entries('src/core').filter((e) => e.isDirectory()).map((e) => `src/core/${e.name}/`),
      ...entries('adapters').filter((e) => e.isDirectory()).map((e) => `adapters/${e.name}/`),
    ];
    expect(expected.filter((p) => !layout.includes(p))).toEqual([]);
  });

  it("every path the README's layout names, and every file its module lines name, is in the tree", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## Benchmarks')).split('```')[1]!;
    // the first column of each line is a path of the tree (a folder ends with /)
    const named = block.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(/\s+/)[0]!);
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((p) => !fs.existsSync(path.join(root, p)))).toEqual([]);
    // the files a module's line names (`store`, `check-job`, `run`…) are files of that folder
    const modules = ['src/core/certs/', 'src/core/backup/'];
    for (const dir of modules) {
      const at = block.indexOf(`\n${dir}`);
      const text = block.slice(at + 1).split(/\n(?=\S)/)[0]!.slice(dir.length);
      const words = [...text.replace(/\([^)]*\)/g, '').matchAll(/([a-z][a-z-]+)/g)].map((m) => m[1]!);
      const files = new Set(fs.readdirSync(path.join(root, dir)).map((f) => f.replace(/\.ts$/, '')));
      const missing = words.filter((w) => !files.has(w) && !['composes', 'the', 'rest', 'composed', 'of', 'over', 'one', 'context', 'with', 'and'].includes(w));
      expect(missing, dir).toEqual([]);
      // and every file of the folder is named
      expect([...files].filter((f) => !words.includes(f)), dir).toEqual([]);
    }
  });
});
