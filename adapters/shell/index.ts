// The shell adapter: the same commands as in chat, typed at a prompt (or given once on the command line).
// First-class (Hubot's Shell): every command can be tried without a chat server. Streams are injected.
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatPort, InboundMessage, Outbound, RobotPort, SentPost } from '../../src/robot/types.js';
import { addedLines } from '../../src/robot/edit-lines.js';

export interface ShellOptions {
  input: Readable;
  output: Writable;
  /** The operator's login; permissions key on `shell:<login>`. */
  login: string;
  /** Called when the input ends (Ctrl-D) or the user types `exit`. */
  onClose?: () => void;
  prompt?: string;
  /** The operator's language (LANG): answers follow it. */
  locale?: string;
}

export interface ShellAdapter extends ChatPort {
  /** Run one line as a command and resolve once it has been answered (one-shot mode and tests). */
  /** Resolves with the message's id (the robot's `outcomeOf(id)` tells what it ran). */
  runOnce(text: string): Promise<string>;
  /** Open the prompt; lines are handled one after the other until `exit` or end of input. */
  interactive(): void;
}

export function createShellAdapter(o: ShellOptions): ShellAdapter {
  let robot: RobotPort | undefined;
  let rl: readline.Interface | undefined;
  const prompt = o.prompt ?? 'summoner> ';
  const write = (s: string) => o.output.write(s.endsWith('\n') ? s : `${s}\n`);

  const message = (text: string): InboundMessage => ({
    id: `shell-${randomUUID()}`, // unique across runs: handled ids are persisted
    kind: 'shell',
    text,
    userId: `shell:${o.login}`,
    userName: o.login,
    channelId: 'shell',
    channelName: 'shell',
    addressed: true,
    source: 'shell',
    ...(o.locale ? { locale: o.locale } : {}),
  });

  const render = (out: Outbound): string => {
    const question = out.buttons?.some((b) => b.context.question);
    // the hint in the language the buttons were made in (the robot puts it in their context)
    const fr = out.buttons?.some((b) => b.context.lang === 'fr');
    const hint = question ? (fr ? 'tapez-en une' : 'type one') : fr ? 'tapez oui ou non' : 'type yes or no';
    const buttons = out.buttons?.length ? `\n  [${out.buttons.map((b) => b.label).join('] [')}]  (${hint})` : '';
    return `${out.text}${buttons}`;
  };

  const post = (out: Outbound): SentPost => {
    let shown = render(out).split('\n');
    write(shown.join('\n'));
    return {
      id: randomUUID(),
      update: async (next) => {
        const lines = render(next).split('\n');
        const added = addedLines(shown, lines);
        shown = lines;
        if (added.length) write(added.join('\n'));
      },
    };
  };

  const adapter: ShellAdapter = {
    name: 'shell',
    localConsole: true,
    async start(r) {
      robot = r;
    },
    async runOnce(text) {
      if (!robot) throw new Error('shell adapter not started');
      const m = message(text);
      await robot.receive(m);
      return m.id;
    },
    async reply(_to, out) {
      return post(out);
    },
    async send(channel, out) {
      return post({ ...out, text: `[${channel}] ${out.text}` });
    },
    health: () => ({ healthy: true, detail: 'interactive shell' }),
    async stop() {
      rl?.close();
    },
    interactive() {
      rl = readline.createInterface({ input: o.input, output: o.output, prompt, terminal: (o.input as { isTTY?: boolean }).isTTY ?? false });
      let queue = Promise.resolve();
      rl.on('line', (line) => {
        const text = line.trim();
        if (text === 'exit' || text === 'quit') {
          rl?.close();
          return;
        }
        queue = queue.then(async () => {
          if (text && robot) await robot.receive(message(text));
          rl?.prompt();
        });
      });
      rl.on('close', () => {
        void queue.then(() => o.onClose?.());
      });
      write('Summoner shell. Type `help` to see the commands, `exit` to leave.');
      rl.prompt();
    },
  };
  return adapter;
}
