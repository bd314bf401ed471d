// The running bot's control socket: `summoner <command…>` (a second process, e.g. `docker exec <c> summoner
// status`) hands its command to the bot instead of starting a second Summoner on the same state. The command
// runs in the bot: principal the host's shell (`shell:<login>`, as the shell adapter), same audit, same per-app
// job queue, its posts streamed back as they are made and edited, and the exit code from the robot's outcome of
// the command that ran (for a confirmed one, the command's, not the "yes"'s).
// Who may connect: whoever may open a 0600 socket in the 0700 state folder (the bot's own user, or root):
// the same people who hold the host's shell.
import fs from 'node:fs';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChatPort, InboundMessage, Outbound, OutcomeReader, RobotPort, SentPost } from '../robot/types.js';
import { exitCodeOf, frame, frameReader, type ClientFrame, type ServerFrame } from './protocol.js';

const CONTROL_ID = 'control-';

/** What a control message finally ran (the robot records it per message id); nothing recorded: ignored. */
function outcomeOf(robot: OutcomeReader, id: string): { auditId?: number; outcome: string; code?: string } {
  return robot.outcomeOf(id) ?? { outcome: 'ignored' };
}

export interface ControlOptions {
  socketPath: string;
  /** The bot's chat adapter: everything that is not an answer to a control command goes there. */
  chat: ChatPort;
  confirmTimeoutS: number;
  log: Logger;
}

export interface ControlServer {
  /** The chat port to attach to the robot: the bot's adapter, with control commands' answers routed back. */
  readonly chat: ChatPort;
  /** Listen (after the robot has started). A stale socket of a dead bot is replaced; a live one is left alone. */
  listen(robot: RobotPort & OutcomeReader): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  write(f: ServerFrame): void;
}

const render = (out: Outbound): string =>
  `${out.text}${out.buttons?.length ? `\n  [${out.buttons.map((b) => b.label).join('] [')}]  (answer yes or no)` : ''}`;

export function createControlServer(o: ControlOptions): ControlServer {
  const sessions = new Map<string, Session>();
  const open = new Set<net.Socket>();
  let server: net.Server | undefined;

  const post = (s: Session, out: Outbound): SentPost => {
    s.write({ type: 'out', text: render(out) });
    return { id: randomUUID(), update: async (next) => s.write({ type: 'out', text: render(next), edit: true }) };
  };

  const main = o.chat;
  const chat: ChatPort = {
    name: main.name,
    start: (robot) => main.start(robot),
    async reply(to, out) {
      const s = sessions.get(to.id);
      return s ? post(s, out) : main.reply(to, out);
    },
    send: (channel, out) => main.send(channel, out),
    ...(main.ack ? { ack: async (to: InboundMessage) => (sessions.has(to.id) ? undefined : main.ack!(to)) } : {}),
    health: () => main.health(),
    ...(main.checkDestinations ? { checkDestinations: (names: readonly string[]) => main.checkDestinations!(names) } : {}),
    stop: () => main.stop(),
  };

  async function serve(robot: RobotPort & OutcomeReader, sock: net.Socket): Promise<void> {
    const channelId = `control:${randomUUID()}`;
    let closed = false;
    const session: Session = { write: (f) => void (!closed && sock.write(frame(f))) };
    const frames: ClientFrame[] = [];
    let wake: (() => void) | undefined;
    const next = async (ms: number): Promise<ClientFrame | undefined> => {
      const end = Date.now() + ms;
      while (!frames.length && !closed && Date.now() < end) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, Math.max(0, end - Date.now())).unref();
        });
      }
      return frames.shift();
    };
    sock.on(
      'data',
      frameReader<ClientFrame>(
        (f) => {
          frames.push(f);
          wake?.();
        },
        (e) => {
          o.log.warn({ err: e.message }, 'control socket: bad frame');
          sock.destroy();
        },
      ),
    );
    sock.on('close', () => {
      closed = true;
      wake?.();
    });
    sock.on('error', () => undefined);

    const first = await next(10_000);
    if (first?.type !== 'run' || typeof first.text !== 'string' || !first.text.trim()) return void sock.end();
    const login = typeof first.login === 'string' && /^[\w.-]{1,64}$/.test(first.login) ? first.login : 'unknown';
    const say = async (text: string): Promise<string> => {
      const id = `${CONTROL_ID}${randomUUID()}`;
      sessions.set(id, session);
      const msg: InboundMessage = {
        id,
        kind: 'shell',
        text,
        userId: `shell:${login}`,
        userName: login,
        channelId,
        channelName: 'shell',
        addressed: true,
        source: 'shell',
      };
      await robot.receive(msg);
      return id;
    };
    const ids: string[] = [];
    try {
      const id = await say(first.text);
      ids.push(id);
      let result = outcomeOf(robot, id);
      if (result.outcome === 'proposed') {
        session.write({ type: 'ask', timeoutS: o.confirmTimeoutS });
        const answer = await next(o.confirmTimeoutS * 1000);
        // no answer (stdin closed, not a terminal): the proposal is declined, nothing runs
        const answerId = await say(answer?.type === 'line' && answer.text.trim() ? answer.text.trim() : 'no');
        ids.push(answerId);
        result = outcomeOf(robot, answerId);
      }
      session.write({ type: 'done', outcome: result.outcome, ...(result.code ? { code: result.code } : {}), ...(result.auditId ? { auditId: result.auditId } : {}), exit: exitCodeOf(result.outcome) });
    } catch (err) {
      o.log.error({ err }, 'control command failed');
      session.write({ type: 'done', outcome: 'error', code: 'internal', exit: 1 });
    } finally {
      sock.end();
      for (const id of ids) sessions.delete(id);
    }
  }

  return {
    chat,
    async listen(robot) {
      const path = o.socketPath;
      if (fs.existsSync(path)) {
        const alive = await new Promise<boolean>((resolve) => {
          const c = net.connect(path, () => (c.destroy(), resolve(true)));
          c.on('error', () => resolve(false));
        });
        if (alive) {
          o.log.error({ socket: path }, 'another Summoner answers on the control socket of this state: not taking it');
          return;
        }
        fs.rmSync(path, { force: true }); // left by a bot that did not stop cleanly
      }
      const srv = net.createServer((sock) => {
        open.add(sock);
        sock.on('close', () => open.delete(sock));
        void serve(robot, sock);
      });
      // owner-only from the first instant: the umask covers the bind, the chmod says it again
      const umask = process.umask(0o177);
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(path, () => resolve());
        });
      } finally {
        process.umask(umask);
      }
      fs.chmodSync(path, 0o600);
      server = srv;
      o.log.info({ socket: path }, 'control socket listening');
    },
    async close() {
      const srv = server;
      server = undefined;
      if (!srv) return;
      // no new connections; the commands in flight finish with the robot's own bounded stop
      await Promise.race([new Promise<void>((resolve) => srv.close(() => resolve())), new Promise((r) => setTimeout(r, 12_000).unref())]);
      for (const s of open) s.destroy();
    },
  };
}
