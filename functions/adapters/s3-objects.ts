import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import { config, s3 } from './clients.ts';

export interface ObjectStream {
  body: Readable;
  size: number | undefined;
  metadata: Record<string, string>;
}

/** Opens an object as a stream (never buffered whole): memory stays flat in the file's size. */
export async function openObject(key: string, versionId?: string): Promise<ObjectStream> {
  const out = await s3.send(new GetObjectCommand({ Bucket: config.bucketName, Key: key, VersionId: versionId }));
  if (!out.Body) throw new Error(`s3://${config.bucketName}/${key} has no body`);
  return { body: out.Body as Readable, size: out.ContentLength, metadata: out.Metadata ?? {} };
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
    const out = await s3.send(new GetObjectCommand({ Bucket: config.bucketName, Key: key }));
    return JSON.parse(await out.Body!.transformToString());
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
    if (error instanceof SyntaxError) return { invalid: true };
    throw error;
  }
}
