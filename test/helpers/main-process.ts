// The README's way in: the real entry point (src/main.ts through tsx) in a child process, as a user runs it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tmpDir } from './robot.js';

const main = path.resolve(import.meta.dirname, '../../src/main.ts');
// tsx's loader by absolute URL: the child runs in a scratch folder, outside the repo.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Run `summoner <args…>` to its end: exit code, stdout, stderr; stdin gets `input` then closes. */
export function runMain(args: string[], o: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, main, ...args], {
      cwd: o.cwd ?? tmpDir('summoner-shell-'),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(o.input ?? '');
  });
}
