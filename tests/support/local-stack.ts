import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { localS3Client } from '#infra/local/demo.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';

export interface TestStack {
  stack: LocalStack;
  /** The stack's data folder (s3/, jwt-secret). */
  dataDir: string;
  s3: S3Client;
  /** PutObject through the S3 API (stream bodies included), then wait until ingest has finished. */
  upload(key: string, body: string | Buffer | Readable, contentLength?: number): Promise<void>;
  settle(): Promise<void>;
  get(path: string, token?: string | null): Promise<{ status: number; body: any }>;
  post(path: string, body: unknown, token?: string | null): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** One local stack per test file (the handlers read their environment once per process). */
export async function startTestStack(): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eccentric-it-'));
  const stack = await startLocalStack({ dataDir, retryDelayMs: 20, teamId: 'real', recomputeTeamDelaySeconds: '0' });
  const s3 = localS3Client(stack);
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 20));
    await stack.whenIdle();
  };
  const call = async (method: string, path: string, body: unknown, token: string | null | undefined) => {
    const auth = token === undefined ? stack.token : token;
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    stack,
    dataDir,
    s3,
    settle,
    upload: async (key, body, contentLength) => {
      await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body, ...(contentLength ? { ContentLength: contentLength } : {}) }));
      await settle();
    },
    get: (path, token) => call('GET', path, undefined, token),
    post: (path, body, token) => call('POST', path, body, token),
    stop: async () => {
      s3.destroy();
      await stack.stop();
    },
  };
}
