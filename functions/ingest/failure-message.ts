/**
 * What a failed upload's `error` says: what happened, in words ("the table refused a write: …"), not the
 * SDK's exception name. The technical detail (name, status, request id, stack) goes to the logs.
 */
import { SourceReadError } from '#core/analyze/file-fault.ts';

/** Where ingest was when it failed. */
export type IngestStage = 'start' | 'settings' | 'open' | 'read' | 'tests' | 'athletes' | 'recompute' | 'report';

const WHERE: Record<IngestStage, string> = {
  start: 'ingest could not start',
  settings: "the team's settings and athletes could not be read from the table",
  open: 'the file could not be read from storage',
  read: 'the file could not be read from storage',
  tests: 'the table refused a write of tests',
  athletes: 'the table refused a write of athletes',
  recompute: "the athletes' summaries could not be queued for recompute",
  report: 'the report could not be saved',
};

const CAUSES: [RegExp, string][] = [
  [/^ValidationException$/, 'an item was refused as invalid'],
  [/^(ProvisionedThroughputExceededException|ThrottlingException|RequestLimitExceeded|SlowDown|ThroughputExceeded)$/, 'the store is busy (throttled); the upload is retried'],
  [/^ResourceNotFoundException$/, 'the table does not exist (check TABLE_NAME)'],
  [/^(AccessDenied|AccessDeniedException|UnrecognizedClientException|InvalidAccessKeyId)$/, "access was denied (check the function's permissions)"],
  [/^(NoSuchKey|NotFound)$/, 'the file is no longer there (deleted after it was uploaded?)'],
  [/^NoSuchBucket$/, 'the bucket does not exist (check BUCKET_NAME)'],
  [/^(TimeoutError|RequestTimeout|RequestTimeoutException)$/, 'storage did not answer in time'],
  [/^(ECONNRESET|EPIPE|ECONNREFUSED|ETIMEDOUT)$/, 'the connection to storage was dropped'],
  [/^(InternalServerError|InternalError|ServiceUnavailable)$/, 'the service had an internal error; the upload is retried'],
];

/** One sentence for the upload's `error`. */
export function failureMessage(error: unknown, stage: IngestStage): string {
  const e = (error instanceof SourceReadError ? error.cause : error) as { name?: string; code?: string; message?: string } | undefined;
  const where = error instanceof SourceReadError ? WHERE.read : WHERE[stage];
  const id = String(e?.name ?? '');
  const code = String(e?.code ?? '');
  const cause = CAUSES.find(([re]) => re.test(id) || re.test(code))?.[1];
  const detail = (e?.message ?? String(error)).replace(/\s+/g, ' ').slice(0, 300);
  return cause ? `${where}: ${cause} (${detail})` : `${where}: ${detail}`;
}
