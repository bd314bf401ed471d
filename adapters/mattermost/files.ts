// Files attached to a post (`file_ids`), read with the bot's token for commands that take a file
// (`minion add <name>` with its compose file): only text/YAML-like files, each size-capped before and while
// its bytes are read; the text is handed to the robot as data. A file that is not one is skipped with why.
import type { Attachment } from '../../src/robot/types.js';
import { MattermostHttpError, type Rest, type RetryPolicy } from './rest.js';

/** Client4 has no public "get file info"; its doFetch goes through our error-wrapping fetch (rest.ts). */
type DoFetch = { doFetch<T>(url: string, options: { method: string }): Promise<T> };

/** A compose file is at most 256 KB (the catalog's own cap); a post carries at most 10 files. */
export const MAX_ATTACHMENT_BYTES = 256 * 1024;
const MAX_FILES = 10;

const TEXT_NAME = /\.(ya?ml|txt|env|json)$/i;
const TEXT_MIME = /^(text\/[a-z.+-]+|application\/(x-)?yaml|application\/json)$/i;

interface WireFileInfo {
  id: string;
  name?: string;
  size?: number;
  mime_type?: string;
}

export interface AttachmentsRead {
  attachments: Attachment[];
  /** Files left out, each with why (logged; the command says what it needs). */
  skipped: string[];
}

/** Read the attached files of one addressed post. */
export async function readAttachments(rest: Rest, fileIds: readonly string[], policy: RetryPolicy, maxBytes = MAX_ATTACHMENT_BYTES): Promise<AttachmentsRead> {
  const attachments: Attachment[] = [];
  const skipped: string[] = [];
  for (const id of fileIds.slice(0, MAX_FILES)) {
    if (!/^[a-z0-9]{26}$/.test(id)) {
      skipped.push(`${id.slice(0, 40)}: not a file id`);
      continue;
    }
    const route = rest.client.getFileRoute(id);
    const info = await rest.call((c) => (c as unknown as DoFetch).doFetch<WireFileInfo>(`${route}/info`, { method: 'get' }), policy);
    const name = typeof info.name === 'string' ? info.name.slice(0, 200) : id;
    if (!TEXT_NAME.test(name) && !TEXT_MIME.test(info.mime_type ?? '')) {
      skipped.push(`${name}: not a text or YAML file (${info.mime_type ?? 'unknown type'})`);
      continue;
    }
    if (typeof info.size === 'number' && info.size > maxBytes) {
      skipped.push(`${name}: too large (${info.size} bytes; at most ${maxBytes})`);
      continue;
    }
    const text = await download(rest, route, maxBytes, policy);
    if (text === undefined) skipped.push(`${name}: too large (over ${maxBytes} bytes)`);
    else attachments.push({ id, name, text });
  }
  if (fileIds.length > MAX_FILES) skipped.push(`${fileIds.length - MAX_FILES} more files: at most ${MAX_FILES} are read`);
  return { attachments, skipped };
}

/** The file's bytes as UTF-8, reading at most maxBytes + 1 whatever the server says; undefined when larger. */
async function download(rest: Rest, route: string, maxBytes: number, policy: RetryPolicy): Promise<string | undefined> {
  return rest.call(async (c) => {
    const res = await fetch(route, { headers: { authorization: `Bearer ${c.getToken()}`, 'x-requested-with': 'XMLHttpRequest' }, signal: policy.signal ?? AbortSignal.timeout(30_000) });
    if (!res.ok) {
      await res.body?.cancel();
      throw new MattermostHttpError(`${res.status} reading an attached file`, res.status, new URL(route).pathname);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      size += r.value.byteLength;
      if (size > maxBytes) {
        await reader?.cancel();
        return undefined;
      }
      chunks.push(r.value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }, policy);
}
