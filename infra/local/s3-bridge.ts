/**
 * s3rver emits S3-shaped events for every write, with keys not URL-encoded and no prefix filtering.
 * The bridge applies the same `uploads/` filter as the deployed bucket notification and encodes keys
 * the way real S3 does (spaces as `+`), so the ingest handler sees what it sees on AWS.
 */
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
export function notificationBody(event: S3rverEvent): string | null {
  const records = event.Records.filter((r) => r.eventName.startsWith('ObjectCreated:') && r.s3.object.key.startsWith(UPLOAD_PREFIX)).map((r) => ({
    ...r,
    eventVersion: '2.1',
    s3: { ...r.s3, object: { ...r.s3.object, key: encodeS3Key(r.s3.object.key) } },
  }));
  return records.length > 0 ? JSON.stringify({ Records: records }) : null;
}
