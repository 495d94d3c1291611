/**
 * s3rver emits S3-shaped events for every write, with keys not URL-encoded and no prefix filtering.
 * The bridge applies the same `uploads/` filter as the deployed bucket notification and encodes keys
 * the way real S3 does (spaces as `+`), so the ingest handler sees what it sees on AWS.
 *
 * s3rver checks no signatures and resolves `..` in a key against its folder, so a key with an unsafe
 * segment is refused here (logged, never ingested); the handlers apply the same rules on AWS.
 */
import { objectKeyProblem } from '#core/identity/object-key.ts';

export const UPLOAD_PREFIX = 'uploads/';

export function encodeS3Key(key: string): string {
  return key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');
}

interface S3rverEvent {
  Records: { eventName: string; s3: { object: { key: string } } }[];
}

/** The notification body real S3 would send to SQS for this s3rver event, or null when filtered out. */
export function notificationBody(event: S3rverEvent, log: (line: string) => void = (line) => console.warn(line)): string | null {
  const records = event.Records.filter((r) => {
    if (!r.eventName.startsWith('ObjectCreated:') || !r.s3.object.key.startsWith(UPLOAD_PREFIX)) return false;
    const problem = objectKeyProblem(r.s3.object.key);
    if (problem) log(`local S3: not ingested: ${problem}`);
    return problem === null;
  }).map((r) => ({
    ...r,
    eventVersion: '2.1',
    s3: { ...r.s3, object: { ...r.s3.object, key: encodeS3Key(r.s3.object.key) } },
  }));
  return records.length > 0 ? JSON.stringify({ Records: records }) : null;
}
