// The control socket's wire format: one JSON object per line, both ways. Small on purpose: the client is
// `summoner <command…>` inside the container (or on the host), the server is the running bot.
import path from 'node:path';

/** The socket lives in the state folder: owner-only (0600), like everything else there. */
export const controlSocketPath = (stateDir: string): string => path.join(path.resolve(stateDir), 'control.sock');

/** client → server */
export type ClientFrame =
  /** Run one command as the host's shell (`shell:<login>`), exactly as the shell adapter would. */
  | { type: 'run'; text: string; login: string }
  /** The answer to a proposal (yes/no), read from the client's stdin. */
  | { type: 'line'; text: string };

/** server → client */
export type ServerFrame =
  /** A post the command made (`edit: true` when it replaces the previous one: progress). */
  | { type: 'out'; text: string; edit?: boolean }
  /** A destructive command waits for yes or no: the client sends one line, or closes (nothing is run). */
  | { type: 'ask'; timeoutS: number }
  /** The command's outcome as the audit row records it; `exit` is the process exit code to use. */
  | { type: 'done'; outcome: string; code?: string; auditId?: number; exit: number };

/** Exit code of a command, from the outcome of its audit row (a proposal left unanswered changed nothing: 0). */
export function exitCodeOf(outcome: string | undefined): number {
  return outcome === 'ok' || outcome === 'proposed' ? 0 : 1;
}

/** Split a byte stream into JSON frames (one per line); a line that is not JSON is a protocol error. */
export function frameReader<T>(onFrame: (f: T) => void, onError: (e: Error) => void): (chunk: Buffer | string) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk.toString();
    if (buf.length > 1 << 20) return onError(new Error('control frame over 1 MB'));
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      try {
        onFrame(JSON.parse(line) as T);
      } catch {
        return onError(new Error('control frame is not JSON'));
      }
    }
  };
}

export const frame = (f: ClientFrame | ServerFrame): string => `${JSON.stringify(f)}\n`;
