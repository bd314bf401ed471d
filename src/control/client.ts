// `summoner <command…>` as a client of the running bot's control socket (src/control/server.ts).
import net from 'node:net';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { frame, frameReader, type ServerFrame } from './protocol.js';
import { addedLines } from '../robot/edit-lines.js';

export interface ControlClientIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  login: string;
}

/**
 * Run one command in the bot listening on `socketPath`. Resolves with the exit code, or with `undefined` when
 * no bot answers there (no socket, or a stale one): the caller then runs the command itself.
 */
export async function runThroughBot(socketPath: string, text: string, io: ControlClientIo): Promise<number | undefined> {
  const connected = await new Promise<net.Socket | undefined>((resolve) => {
    const s = net.connect(socketPath, () => resolve(s));
    s.once('error', () => resolve(undefined));
  });
  if (!connected) return undefined;
  const sock = connected;
  return new Promise<number>((resolve) => {
    let exit: number | undefined;
    const write = (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
    let shown: string[] = [];
    sock.on(
      'data',
      frameReader<ServerFrame>(
        (f) => {
          if (f.type === 'out') {
            const lines = f.text.split('\n');
            const added = f.edit ? addedLines(shown, lines) : lines;
            shown = lines;
            if (added.length) write(added.join('\n'));
          }
          else if (f.type === 'ask') void ask(f.timeoutS);
          else if (f.type === 'done') exit = f.exit;
        },
        (e) => {
          io.stderr.write(`summoner: ${e.message}\n`);
          sock.destroy();
        },
      ),
    );
    sock.on('error', (e) => io.stderr.write(`summoner: control socket: ${e.message}\n`));
    sock.on('close', () => {
      if (exit === undefined) io.stderr.write('summoner: the bot closed the connection before the command finished (it may still be running: see `history`)\n');
      resolve(exit ?? 1);
    });
    sock.write(frame({ type: 'run', text, login: io.login }));

    /** One line from stdin answers the proposal; end of input answers nothing (the bot cancels it). */
    async function ask(timeoutS: number): Promise<void> {
      if (io.stdin.isTTY) io.stdout.write(`yes or no (${timeoutS} s)? `);
      const rl = readline.createInterface({ input: io.stdin, terminal: false });
      const line = await new Promise<string | undefined>((r) => {
        rl.once('line', (l) => r(l));
        rl.once('close', () => r(undefined));
      });
      rl.close();
      // end of input: an empty answer, which the bot reads as "no"
      sock.write(frame({ type: 'line', text: line ?? '' }));
    }
  });
}
