/**
 * A large export's first message: the whole file is read once (no writes) to plan its chunks and its report
 * (shared/analyze/chunk-plan.ts), the plan and the analysis go to S3, the upload's parts are marked pending, and
 * one message per chunk goes to the ingest-parts queue. Null when the file is not one to cut: the caller reads
 * it in this message, as every small file is.
 */
import type { Readable } from 'node:stream';
import { planChunks } from '#core/analyze/chunk-plan.ts';
import { resolverFromAliases } from '#core/identity/athlete-id.ts';
import { logger } from '../../adapters/powertools.ts';
import type { ObjectStream } from '../../adapters/s3-objects.ts';
import { putJson } from '../../adapters/s3-objects.ts';
import type { StoredSettings } from '../../adapters/settings-repository.ts';
import { withoutDetail } from '../../adapters/test-detail-repository.ts';
import { startParts } from '../../adapters/upload-repository.ts';
import type { UploadRef } from '../date-order-outcome.ts';
import type { IngestOutcome } from '../ingest-outcome.ts';
import { analysisKeyFor, chunkBytes, planIdFor, planKeyFor, sendChunkMessages, type ChunkReadOptions, type StoredAnalysis, type StoredPlan } from './chunk-store.ts';

export interface PlanInput {
  ref: UploadRef;
  objectId: string;
  object: ObjectStream;
  options: ChunkReadOptions;
  settings: StoredSettings;
  aliases: Map<string, string>;
}

export async function planUpload(input: PlanInput): Promise<IngestOutcome | null> {
  const { ref, object, options, settings, aliases } = input;
  if (object.size === undefined || object.size <= chunkBytes()) return null;
  const planned = await planChunks(
    object.body as Readable & AsyncIterable<Buffer>,
    { ...options, holdUndecided: true, requireKnownAthlete: true, resolveAthlete: resolverFromAliases(aliases) },
    object.size,
    chunkBytes(),
  );
  if (planned === null) return null;
  const { plan, result } = planned;
  const ids = { teamId: ref.teamId, uploadId: ref.uploadId, planId: planIdFor(input.objectId) };
  const stored: StoredPlan = { ...ids, key: ref.key, versionId: ref.versionId, eTag: object.eTag, fileName: ref.fileName, options, settings, aliases: [...aliases], plan };
  const analysis: StoredAnalysis = { kind: result.kind, summary: result.summary, rejected: result.rejected, latest: [...result.latest].map(withoutDetail) };
  await Promise.all([putJson(planKeyFor(ids), stored), putJson(analysisKeyFor(ids), analysis)]);
  await startParts(ref.teamId, ref.uploadId, ids.planId, plan.chunks.length);
  await sendChunkMessages(ids, plan.chunks.length);
  logger.info('upload planned in chunks', { chunks: plan.chunks.length, rows: result.summary.rows, bytes: plan.size });
  return { uploadId: ref.uploadId, status: 'processing', storedTests: 0, rejected: result.rejected.length };
}
