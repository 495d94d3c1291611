/**
 * What one ingest is asked and answers, and the storage boundary both paths share (ingest-object.ts reads a file
 * in one message; chunks/ stores a large one by parts).
 */
import type { z } from 'zod';
import type { Rejection, TestRecord } from '#core/model/test-record.ts';

export interface IngestRequest {
  /** `bucket/key@version-or-etag`: what the idempotency layer keys on. */
  objectId: string;
  key: string;
  versionId?: string | undefined;
  teamId: string;
  fileName: string;
  /** The S3 event's time (ISO): test times more than 24 hours later are rejected. Default: now. */
  uploadTime?: string | undefined;
}

export interface IngestOutcome {
  uploadId: string;
  /** `processing`: a large file planned in chunks, stored by their messages (chunks/). */
  status: 'done' | 'rejected' | 'held' | 'queued' | 'processing';
  storedTests: number;
  rejected: number;
}

/** Tests are written in batches while the object is still being read. */
export const WRITE_BATCH = 500;

export function contractViolation(t: TestRecord, error: z.ZodError): Rejection {
  const issue = error.issues[0]!;
  return {
    file: t.source.file,
    line: t.source.line,
    column: null,
    code: 'contract-violation',
    reason: `the test does not match the stored contract at ${issue.path.join('.')}: ${issue.message}`,
  };
}
