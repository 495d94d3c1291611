import { z } from 'zod';
import { idProblem } from '#core/identity/id-grammar.ts';
import { objectKeyProblem } from '#core/identity/object-key.ts';

/** The S3 notification fields ingest relies on (real S3 and the local s3rver bridge both send these). */
export const S3RecordSchema = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(3) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().nonnegative().optional(),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});
export type S3Record = z.infer<typeof S3RecordSchema>;

export const S3NotificationSchema = z.object({ Records: z.array(S3RecordSchema) });

/** S3 sends one of these when a notification is configured; it carries no object. */
export const S3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') }).loose();

/** Keys arrive URL-encoded, spaces as `+` (real S3; the local bridge encodes the same way). */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

export type UploadKey = { ok: true; teamId: string; fileName: string } | { ok: false; reason: string };

/**
 * `uploads/<teamId>/<anything>`: the team comes from the key, which only that team can write to. The team
 * is held to the id grammar and the key to the object-key rules (no dot, empty or encoded-separator
 * segments, no control characters), so nothing read from here names a path outside the team's prefix.
 */
export function parseUploadKey(key: string): UploadKey {
  const parts = key.split('/');
  if (parts[0] !== 'uploads' || parts.length < 3) return { ok: false, reason: `key "${key}" is not under uploads/<teamId>/` };
  const teamProblem = idProblem('team', parts[1]!);
  if (teamProblem) return { ok: false, reason: teamProblem };
  const fileName = parts[parts.length - 1]!;
  if (fileName === '') return { ok: false, reason: `key "${key}" names a folder, not a file` };
  const keyProblem = objectKeyProblem(key);
  if (keyProblem) return { ok: false, reason: keyProblem };
  return { ok: true, teamId: parts[1]!, fileName };
}
