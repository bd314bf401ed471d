// The file API a bot reads attachments with (contract: files.yaml): POST /api/v4/files (multipart upload, as
// @mattermost/client's uploadFile sends it), GET /api/v4/files/{file_id} (the bytes) and
// GET /api/v4/files/{file_id}/info (the FileInfo). A post created with `file_ids` links them (post_id) and
// is served with `metadata.files`. Reading needs read_channel on the file's channel, or to be its uploader.
import { ApiError, type Ctx, type Router } from './http.js';
import { isValidId, newId } from './ids.js';
import type { Store } from './store.js';
import type { Post } from './types.js';

export interface FileInfo {
  id: string;
  user_id: string;
  post_id: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width: number;
  height: number;
  has_preview_image: boolean;
}

/** The real server's default MaxFileSize (100 MB) is far above what a test sends; 10 MB keeps memory bounded. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const files = new WeakMap<Store, Map<string, { info: FileInfo; bytes: Buffer }>>();
const filesOf = (store: Store) => files.get(store) ?? files.set(store, new Map()).get(store)!;

const MIME: Record<string, string> = { yml: 'application/x-yaml', yaml: 'application/x-yaml', txt: 'text/plain', json: 'application/json', png: 'image/png' };

/** Link uploaded files to the post that names them (as the server does when the post is created). */
export function attachFiles(store: Store, post: Post): void {
  for (const id of post.file_ids ?? []) {
    const f = filesOf(store).get(id);
    if (f && !f.info.post_id && f.info.user_id === post.user_id) f.info.post_id = post.id;
  }
}

/** `metadata.files` of a served post. */
export function fileInfosOf(store: Store, post: Post): FileInfo[] {
  return (post.file_ids ?? []).flatMap((id) => {
    const f = filesOf(store).get(id);
    return f ? [structuredClone(f.info)] : [];
  });
}

export function addFileRoutes(r: Router, store: Store): void {
  const fileParam = (ctx: Ctx) => {
    const id = ctx.params.file_id ?? '';
    if (!isValidId(id)) throw new ApiError(400, 'api.context.invalid_url_param.app_error', 'Invalid or missing file_id parameter in request URL.');
    const f = filesOf(store).get(id);
    if (!f) throw new ApiError(404, 'app.file_info.get.app_error', 'Unable to get the file info.', 'file_id=' + id);
    const ch = store.channels.get(f.info.channel_id);
    if (f.info.user_id !== ctx.user.id && (!ch || !store.canRead(ch, ctx.user.id))) {
      throw new ApiError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.', 'userId=' + ctx.user.id + ', permission=read_channel');
    }
    return f;
  };

  r.add('POST', '/api/v4/files', async (ctx) => {
    const type = String(ctx.headers['content-type'] ?? '');
    if (!type.startsWith('multipart/form-data')) throw new ApiError(400, 'api.file.upload_file.incorrect_number_of_files.app_error', 'Unable to upload files. Incorrect number of files specified.');
    if (ctx.rawBody.length > MAX_UPLOAD_BYTES) throw new ApiError(413, 'api.file.upload_file.too_large_detailed.app_error', 'Unable to upload file. File is too large.');
    const form = await new Request('http://upload', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(ctx.rawBody) }).formData();
    const channelId = String(form.get('channel_id') ?? ctx.query.get('channel_id') ?? '');
    const ch = isValidId(channelId) ? store.channels.get(channelId) : undefined;
    if (!ch) throw new ApiError(400, 'api.context.invalid_body_param.app_error', 'Invalid or missing channel_id in request body.');
    if (!store.canRead(ch, ctx.user.id)) throw new ApiError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.', 'userId=' + ctx.user.id + ', permission=upload_file');
    const uploads = form.getAll('files').filter((x): x is File => typeof x !== 'string');
    if (!uploads.length) throw new ApiError(400, 'api.file.upload_file.incorrect_number_of_files.app_error', 'Unable to upload files. Incorrect number of files specified.');
    const now = Date.now();
    const infos: FileInfo[] = [];
    for (const u of uploads) {
      const bytes = Buffer.from(await u.arrayBuffer());
      const name = u.name || 'file';
      const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
      const info: FileInfo = { id: newId(), user_id: ctx.user.id, post_id: '', channel_id: ch.id, create_at: now, update_at: now, delete_at: 0, name, extension, size: bytes.length, mime_type: MIME[extension] ?? (u.type || 'application/octet-stream'), width: 0, height: 0, has_preview_image: false };
      filesOf(store).set(info.id, { info, bytes });
      infos.push(structuredClone(info));
    }
    const clientIds = form.getAll('client_ids').map(String);
    return { status: 201, body: { file_infos: infos, client_ids: clientIds } };
  });

  r.add('GET', '/api/v4/files/{file_id}', (ctx) => {
    const f = fileParam(ctx);
    return { status: 200, bytes: { contentType: f.info.mime_type, body: f.bytes, name: f.info.name } };
  });

  r.add('GET', '/api/v4/files/{file_id}/info', (ctx) => ({ status: 200, body: structuredClone(fileParam(ctx).info) }));
}
