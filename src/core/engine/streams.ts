// Stream helpers (STYLE §9): Docker's multiplexed frames, NDJSON progress. "end" means "now check".
import type { Readable } from 'node:stream';

/**
 * Split a non-TTY log/exec buffer into stdout and stderr. Each frame: 1 byte stream (1 stdout, 2 stderr),
 * 3 zero bytes, 4 bytes big-endian length. Not multiplexed (TTY) → everything is stdout.
 */
export function demux(buf: Buffer): { stdout: string; stderr: string; lines: { stream: 'stdout' | 'stderr'; text: string }[] } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const chunks: { stream: 'stdout' | 'stderr'; data: Buffer }[] = [];
  let i = 0;
  const looksFramed = (at: number) =>
    buf.length - at >= 8 && (buf[at] === 0 || buf[at] === 1 || buf[at] === 2) && buf[at + 1] === 0 && buf[at + 2] === 0 && buf[at + 3] === 0;
  if (buf.length > 0 && !looksFramed(0)) {
    const text = buf.toString('utf8');
    return { stdout: text, stderr: '', lines: splitLines(text).map((t) => ({ stream: 'stdout' as const, text: t })) };
  }
  while (i < buf.length) {
    if (!looksFramed(i)) {
      // trailing garbage: keep it as stdout rather than dropping it
      const rest = buf.subarray(i);
      out.push(rest);
      chunks.push({ stream: 'stdout', data: rest });
      break;
    }
    const type = buf[i];
    const len = buf.readUInt32BE(i + 4);
    const data = buf.subarray(i + 8, i + 8 + len);
    if (type === 2) err.push(data);
    else out.push(data);
    chunks.push({ stream: type === 2 ? 'stderr' : 'stdout', data });
    i += 8 + len;
  }
  const lines: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  // frames need not end at line ends: join per stream in order, then split
  let cur: { stream: 'stdout' | 'stderr'; parts: Buffer[] } | undefined;
  const flush = () => {
    if (cur) for (const t of splitLines(Buffer.concat(cur.parts).toString('utf8'))) lines.push({ stream: cur.stream, text: t });
  };
  for (const c of chunks) {
    if (cur && cur.stream === c.stream) cur.parts.push(c.data);
    else {
      flush();
      cur = { stream: c.stream, parts: [c.data] };
    }
  }
  flush();
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), lines };
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(parts);
}

/** One NDJSON progress object from a pull/push/build. */
export interface ProgressEvent {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Read an NDJSON progress stream line by line, calling onEvent for each object. Resolves with all events;
 * rejects if any line carries `error` (dockerode #534/#639: the stream "finishes" on failure too),
 * if a line is not JSON, or if the stream errors.
 */
export function followProgress(stream: Readable, onEvent: (e: ProgressEvent) => void): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    const events: ProgressEvent[] = [];
    let pending = '';
    let failed: Error | undefined;
    const handle = (line: string) => {
      if (!line.trim() || failed) return;
      let ev: ProgressEvent;
      try {
        ev = JSON.parse(line) as ProgressEvent;
      } catch {
        failed = new Error(`unreadable progress line from the engine: ${line.slice(0, 200)}`);
        return;
      }
      events.push(ev);
      if (ev.error || ev.errorDetail?.message) {
        failed = new Error(ev.errorDetail?.message ?? ev.error);
        return;
      }
      try {
        onEvent(ev);
      } catch {
        /* a reporter's failure must not break the pull */
      }
    };
    stream.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        handle(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    let settled = false;
    stream.on('error', (err) => {
      settled = true;
      reject(err);
    });
    stream.on('end', () => {
      settled = true;
      handle(pending);
      if (failed) reject(failed);
      else resolve(events);
    });
    stream.on('close', () => {
      if (!settled) reject(Object.assign(new Error('the engine closed the progress stream early'), { code: 'ECONNRESET' }));
    });
  });
}
