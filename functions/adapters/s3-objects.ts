import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import { config, s3 } from './clients.ts';

export interface ObjectStream {
  body: Readable;
  size: number | undefined;
  metadata: Record<string, string>;
  eTag: string | undefined;
}

/**
 * Opens an object as a stream (never buffered whole): memory stays flat in the file's size. `range`: bytes
 * [start, end) only (a chunk of a large upload), of the version whose ETag is `ifMatch` when given.
 */
export async function openObject(key: string, versionId?: string, range?: { start: number; end: number; ifMatch?: string | undefined }): Promise<ObjectStream> {
  const out = await s3.send(
    new GetObjectCommand({
      Bucket: config.bucketName,
      Key: key,
      VersionId: versionId,
      ...(range ? { Range: `bytes=${range.start}-${range.end - 1}`, ...(range.ifMatch ? { IfMatch: range.ifMatch } : {}) } : {}),
    }),
  );
  if (!out.Body) throw new Error(`s3://${config.bucketName}/${key} has no body`);
  return { body: out.Body as Readable, size: out.ContentLength, metadata: out.Metadata ?? {}, eTag: out.ETag };
}

/** An object's bytes (a small one: a file's head). */
export async function readBytes(key: string, versionId: string | undefined, range: { start: number; end: number; ifMatch?: string | undefined }): Promise<Buffer> {
  const { body } = await openObject(key, versionId, range);
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** A JSON object this code wrote (a chunk plan), or undefined when there is none. */
export async function getJson(key: string): Promise<unknown> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: config.bucketName, Key: key }));
    return JSON.parse(await out.Body!.transformToString());
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
    throw error;
  }
}

export async function putJson(key: string, value: unknown): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: config.bucketName, Key: key, Body: JSON.stringify(value), ContentType: 'application/json' }),
  );
}

/** A presigned PUT for one key; the client signs without checksums so browsers and curl can upload. */
export async function presignPut(key: string, contentType: string, expiresIn: number): Promise<string> {
  return getSignedUrl(s3, new PutObjectCommand({ Bucket: config.bucketName, Key: key, ContentType: contentType }), { expiresIn });
}

export async function presignGet(key: string, expiresIn: number): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: config.bucketName, Key: key }), { expiresIn });
}

/** A small JSON object beside an upload (a trace's sidecar), or undefined when there is none. */
export async function getJsonIfExists(key: string): Promise<unknown> {
  try {
    return await getJson(key);
  } catch (error) {
    if (error instanceof SyntaxError) return { invalid: true };
    throw error;
  }
}
