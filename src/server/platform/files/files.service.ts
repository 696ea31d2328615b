import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound } from '../../http/app-error';
import type { Actor } from '../access/actor';
import { requirePermission } from '../access/guard';
import { recordAudit } from '../audit/audit.service';
import { canAttachEntity, canReadEntity } from './entity-access';
import { PURPOSES, checkZip, cleanFileName, detectFileType } from './file-checks';
import type { FileStores } from './file-store';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface FileDto {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  purpose: string;
  createdBy: string | null;
  createdAt: string;
  canPreview: boolean;
}

type FileRow = { id: string; name: string; mime: string; size: number; sha256: string; purpose: string; created_by: string | null; created_at: Date };

export const isPreviewable = (mime: string) => mime === 'application/pdf' || /^image\/(png|jpeg|gif|webp|bmp)$/.test(mime);

export function toFileDto(r: FileRow): FileDto {
  return {
    id: r.id,
    name: r.name,
    mime: r.mime,
    size: Number(r.size),
    sha256: r.sha256,
    purpose: r.purpose,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    canPreview: isPreviewable(r.mime),
  };
}

export interface UploadInput {
  stream: Readable;
  filename: string;
  purpose: string;
  link?: { type: string; id: string };
  limitBytes: number;
  /** Set by the multipart parser when the stream was cut at the limit. */
  isTruncated: () => boolean;
}

/**
 * Refusing to attach to (or detach from) a record: 403 when the caller may read it but not
 * change its files, else the same 404 as a missing record, audited as a denial.
 */
async function refuseAttach(db: Db | Trx, actor: Actor, entityType: string, entityId: string): Promise<AppError> {
  if (await canReadEntity(db, actor, entityType, entityId)) return new AppError('forbidden', 'You may not change the files of this record');
  return deniedAsNotFound(entityType, entityId);
}

const fail = (code: 'validation_failed' | 'payload_too_large' | 'unsupported_media_type', field: string, message: string) =>
  new AppError(code, message, { fields: [{ field, code: code === 'validation_failed' ? 'invalid' : code, message }] });

/** An upload received and checked, waiting in a temporary folder to be stored (storeStagedFile) or dropped (discard). */
export interface StagedUpload {
  tmpPath: string;
  sha256: string;
  size: number;
  mime: string;
  kind: string;
  name: string;
  purpose: string;
  discard(): Promise<void>;
}

/**
 * Receives an upload: streamed to a temporary file while hashed (never held in
 * memory), its real type detected from the content and checked against the
 * purpose's allow-list, zips checked before anything is unpacked. Nothing is stored
 * yet: a caller that stores several files together (the archive) checks them all first.
 */
export async function stageUpload(actor: Actor, input: Omit<UploadInput, 'link'>): Promise<StagedUpload> {
  requirePermission(actor, 'files:upload');
  const allowed = PURPOSES[input.purpose];
  if (!allowed) {
    input.stream.resume();
    throw fail('validation_failed', 'purpose', `Unknown purpose; one of ${Object.keys(PURPOSES).join(', ')}`);
  }
  const tmpDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'salesdesk-upload-'));
  const discard = () => fs.promises.rm(tmpDir, { recursive: true, force: true });
  const tmp = path.join(tmpDir, 'upload');
  try {
    const hash = crypto.createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    await pipeline(input.stream, meter, fs.createWriteStream(tmp));
    if (input.isTruncated() || size > input.limitBytes) {
      throw fail('payload_too_large', 'file', `The file is larger than the limit of ${Math.round(input.limitBytes / 1024 / 1024)} MB`);
    }
    if (size === 0) throw fail('validation_failed', 'file', 'The file is empty');
    const sha256 = hash.digest('hex');
    const detected = await detectFileType(tmp);
    if (detected.kind === 'other' || !allowed.includes(detected.kind)) {
      throw fail('unsupported_media_type', 'file', `This kind of file (${detected.mime}) is not accepted here; allowed: ${allowed.join(', ')}`);
    }
    if (detected.kind === 'zip' || detected.kind === 'office' || detected.kind === 'ofd') {
      if (detected.mime !== 'application/msword' && detected.mime !== 'application/vnd.ms-excel' && detected.mime !== 'application/x-cfb' && detected.mime !== 'application/vnd.ms-powerpoint') {
        const problem = await checkZip(tmp);
        if (problem) throw fail('validation_failed', 'file', `The file was refused: ${problem}`);
      }
    }
    return { tmpPath: tmp, sha256, size, mime: detected.mime, kind: detected.kind, name: cleanFileName(input.filename), purpose: input.purpose, discard };
  } catch (err) {
    await discard();
    throw err;
  }
}

/**
 * Stores a staged upload inside the caller's transaction: the content once per hash,
 * the file row, its link when given, the audit entry. The staged copy stays for the caller to discard.
 */
export async function storeStagedFile(trx: Trx, stores: FileStores, actor: Actor, staged: StagedUpload, link?: { type: string; id: string }): Promise<FileDto> {
  const { sha256, size, name } = staged;
  // Identical content is stored once. The blob row is claimed first (inserted, or locked when it exists), so
  // two uploads of the same new content wait for each other instead of colliding, and database chunks always
  // have their row to reference. If the recorded store lost the content (or it is another instance's disk),
  // it is stored again here.
  await trx.insertInto('file_blobs').values({ sha256, size, store: stores.current.kind }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  const blob = await trx.selectFrom('file_blobs').select(['sha256', 'store']).where('sha256', '=', sha256).forUpdate().executeTakeFirstOrThrow();
  if (!(await stores.byKind(blob.store).has(trx, sha256))) {
    await stores.current.put(trx, sha256, staged.tmpPath);
    if (blob.store !== stores.current.kind) await trx.updateTable('file_blobs').set({ store: stores.current.kind }).where('sha256', '=', sha256).execute();
  }
  const row = await trx
    .insertInto('files')
    .values({ sha256, name, mime: staged.mime, size, purpose: staged.purpose, created_by: actor.userId })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (link) {
    await trx.insertInto('file_links').values({ file_id: row.id, entity_type: link.type, entity_id: link.id, created_by: actor.userId }).execute();
  }
  await recordAudit(trx, actor, { action: 'file.upload', entityType: 'file', entityId: row.id, after: { name, mime: staged.mime, size, sha256, link: link ?? null } });
  return toFileDto(row);
}

/** Stores an upload (stageUpload + storeStagedFile) and links it to its record — all or nothing. */
export async function uploadFile(db: Db, stores: FileStores, actor: Actor, input: UploadInput): Promise<FileDto> {
  requirePermission(actor, 'files:upload');
  if (!PURPOSES[input.purpose]) {
    input.stream.resume();
    throw fail('validation_failed', 'purpose', `Unknown purpose; one of ${Object.keys(PURPOSES).join(', ')}`);
  }
  if (input.link && !(await canAttachEntity(db, actor, input.link.type, input.link.id))) {
    input.stream.resume();
    throw await refuseAttach(db, actor, input.link.type, input.link.id);
  }
  const staged = await stageUpload(actor, input);
  try {
    return await db.transaction().execute((trx) => storeStagedFile(trx, stores, actor, staged, input.link));
  } finally {
    await staged.discard();
  }
}

/**
 * Whether the actor may read a file: its uploader while it is attached to nothing,
 * otherwise anyone who may read one of the records it is attached to. Admins all.
 */
export async function canReadFile(db: Db | Trx, actor: Actor, file: { id: string; created_by: string | null }): Promise<boolean> {
  if (actor.roles.includes('admin')) return true;
  const links = await db.selectFrom('file_links').select(['entity_type', 'entity_id']).where('file_id', '=', file.id).execute();
  if (links.length === 0) return file.created_by === actor.userId;
  for (const l of links) if (await canReadEntity(db, actor, l.entity_type, l.entity_id)) return true;
  return false;
}

export async function getFile(db: Db, actor: Actor, id: string): Promise<FileRow> {
  const row = await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('file', id);
  if (!(await canReadFile(db, actor, row))) throw deniedAsNotFound('file', id);
  return row;
}

/** Opens a file's content for download or preview, after the access check; the read is audited. */
export async function openFile(db: Db, stores: FileStores, actor: Actor, id: string, how: 'download' | 'preview'): Promise<{ file: FileRow; stream: Readable }> {
  const file = await getFile(db, actor, id);
  const blob = await db.selectFrom('file_blobs').select('store').where('sha256', '=', file.sha256).executeTakeFirstOrThrow();
  const store = stores.byKind(blob.store);
  if (!(await store.has(db, file.sha256))) {
    throw new AppError('internal', `The content of file ${id} is missing from the ${blob.store} store`);
  }
  await recordAudit(db, actor, { action: `file.${how}`, entityType: 'file', entityId: id });
  return { file, stream: await store.read(db, file.sha256) };
}

/** A record's files, for anyone who may read the record (404 for the record otherwise). */
export async function listEntityFiles(db: Db, actor: Actor, entityType: string, entityId: string): Promise<FileDto[]> {
  if (!(await canReadEntity(db, actor, entityType, entityId))) throw deniedAsNotFound(entityType, entityId);
  const rows = await db
    .selectFrom('files as f')
    .innerJoin('file_links as l', 'l.file_id', 'f.id')
    .selectAll('f')
    .where('l.entity_type', '=', entityType)
    .where('l.entity_id', '=', entityId)
    .orderBy('l.created_at')
    .execute();
  return rows.map(toFileDto);
}

/** Attaches a file the actor can read to a record the actor may attach to. */
export async function linkFile(db: Db | Trx, actor: Actor, fileId: string, entityType: string, entityId: string): Promise<void> {
  const run = async (trx: Trx) => {
    const file = await trx.selectFrom('files').select(['id', 'created_by']).where('id', '=', fileId).executeTakeFirst();
    if (!file || !(await canReadFile(trx, actor, file))) throw new AppError('validation_failed', 'File not found', { fields: [{ field: 'fileId', code: 'not_found', message: 'File not found' }] });
    if (!(await canAttachEntity(trx, actor, entityType, entityId))) throw await refuseAttach(trx, actor, entityType, entityId);
    await trx.insertInto('file_links').values({ file_id: fileId, entity_type: entityType, entity_id: entityId, created_by: actor.userId }).onConflict((oc) => oc.columns(['file_id', 'entity_type', 'entity_id']).doNothing()).execute();
    await recordAudit(trx, actor, { action: 'file.link', entityType: 'file', entityId: fileId, after: { entityType, entityId } });
  };
  await (db.isTransaction ? run(db as Trx) : (db as Db).transaction().execute(run));
}

/** Detaches a file from a record (the content stays: other records or the history may need it). */
export async function unlinkFile(db: Db, actor: Actor, fileId: string, entityType: string, entityId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await canAttachEntity(trx, actor, entityType, entityId))) throw await refuseAttach(trx, actor, entityType, entityId);
    const r = await trx.deleteFrom('file_links').where('file_id', '=', fileId).where('entity_type', '=', entityType).where('entity_id', '=', entityId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('file', fileId);
    await recordAudit(trx, actor, { action: 'file.unlink', entityType: 'file', entityId: fileId, before: { entityType, entityId } });
  });
}
