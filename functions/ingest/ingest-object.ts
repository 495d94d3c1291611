import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import { knownIdsFromAliases, resolverFromAliases } from '#core/identity/athlete-id.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import { TestRecordSchema, type Rejection, type TestRecord } from '#core/model/test-record.ts';
import { loadAliases } from '../adapters/athlete-repository.ts';
import { logger } from '../adapters/powertools.ts';
import { getJsonIfExists, openObject } from '../adapters/s3-objects.ts';
import { putTrace, traceKeyFor } from '../adapters/trace-store.ts';
import { sidecarKeyFor } from './sidecar.ts';
import { withoutDetail } from '../adapters/test-detail-repository.ts';
import { absorbPendingTraces, loadPendingTraces, placeTrace } from './trace-merge.ts';
import { loadTeamSettings } from '../adapters/settings-repository.ts';
import { putTests } from '../adapters/test-repository.ts';
import { putWorkouts } from '../adapters/history-repository.ts';
import type { WorkoutRecord } from '#core/model/workout-record.ts';
import { getUpload, saveUpload, uploadIdFor } from '../adapters/upload-repository.ts';
import { failureMessage, type IngestStage } from './failure-message.ts';
import { completeUpload } from './complete-upload.ts';
import { chunkBytes, chunkingEnabled, type ChunkReadOptions } from './chunks/chunk-store.ts';
import { planUpload } from './chunks/plan-upload.ts';

import { contractViolation, WRITE_BATCH, type IngestOutcome, type IngestRequest } from './ingest-outcome.ts';

/**
 * One uploaded object: stream it through the analyzer, store tests as they come, then athletes, latest
 * tests and the report. Every write is an idempotent upsert, so a replayed event stores nothing twice.
 */
export async function ingestObject(request: IngestRequest, now = () => new Date().toISOString()): Promise<IngestOutcome> {
  const { key, teamId, fileName } = request;
  const uploadId = uploadIdFor(key);
  logger.appendKeys({ teamId, uploadId, objectKey: key });
  await saveUpload({ uploadId, teamId, key, fileName, status: 'processing' }, now());
  const progress = { stage: 'start' as IngestStage };
  try {
    return await ingest(request, uploadId, now, progress);
  } catch (error) {
    // The message will be retried (and finally parked in the DLQ); the report says what went wrong, in words.
    const e = error as Error & { $metadata?: unknown; code?: unknown };
    logger.error('ingest failed', { stage: progress.stage, errorName: e.name, errorCode: e.code, metadata: e.$metadata, error: e });
    await saveUpload({ uploadId, teamId, key, fileName, status: 'failed', error: failureMessage(error, progress.stage) }, now());
    throw error;
  }
}

async function ingest(request: IngestRequest, uploadId: string, now: () => string, progress: { stage: IngestStage }): Promise<IngestOutcome> {
  const { key, teamId, fileName } = request;
  const ref = { teamId, uploadId, key, versionId: request.versionId, fileName };

  progress.stage = 'settings';
  const [aliases, settings, pendingTraces, upload] = await Promise.all([loadAliases(teamId), loadTeamSettings(teamId), loadPendingTraces(teamId), getUpload(teamId, uploadId)]);
  // An answer for this upload outranks the team's order; without either, undecided dates hold the file.
  const answer = upload?.dateOrderAnswer;
  const options: ChunkReadOptions = {
    file: fileName,
    dateOrder: answer ?? settings.dateOrder,
    dateOrderSource: answer ? 'answer' : 'setting',
    uploadTimeMs: uploadTimeOf(request.uploadTime),
    asymmetryFormula: settings.asymmetryFormula,
  };
  progress.stage = 'open';
  let object = await openObject(key, request.versionId);
  if (chunkingEnabled() && object.size !== undefined && object.size > chunkBytes()) {
    // A large export is read once here to plan it, then stored by one message per chunk; a large file of
    // another kind (not cut) is read again from its start, in this message.
    progress.stage = 'read';
    const planned = await planUpload({ ref, objectId: request.objectId, object, options, settings, aliases });
    if (planned !== null) return planned;
    object.body.destroy();
    progress.stage = 'open';
    object = await openObject(key, request.versionId);
  }
  progress.stage = 'read';
  let buffered: TestRecord[] = [];
  let workouts: WorkoutRecord[] = [];
  let stored = 0;
  let storedWorkouts = 0;
  /** Every athlete whose history this upload changed: each gets one recompute message. */
  const touched = new Set<string>();
  const profiles: AthleteProfile[] = [];
  const invalid: Rejection[] = [];
  const traces: TestRecord[] = [];
  /** Summary test id → the trace-only test it absorbed (for the latest-test update). */
  const replaced = new Map<string, string>();
  const flush = async () => {
    if (workouts.length > 0) {
      const rows = workouts;
      workouts = [];
      await putWorkouts(teamId, uploadId, rows);
      for (const w of rows) touched.add(w.athleteId);
      storedWorkouts += rows.length;
    }
    if (buffered.length === 0) return;
    const batch = buffered;
    buffered = [];
    progress.stage = 'tests';
    await putTests(teamId, uploadId, batch);
    for (const t of batch) touched.add(t.athleteId);
    for (const [id, traceId] of await absorbPendingTraces(teamId, batch, pendingTraces)) replaced.set(id, traceId);
    stored += batch.length;
    progress.stage = 'read';
  };
  const result = await analyzeUpload(
    object.body,
    {
      ...options,
      sizeBytes: object.size,
      holdUndecided: true,
      resolveAthlete: resolverFromAliases(aliases),
      knownAthleteId: knownIdsFromAliases(aliases),
      objectMetadata: object.metadata,
      sidecar: () => getJsonIfExists(sidecarKeyFor(key)),
      requireKnownAthlete: true,
      traceParameters: settings.traceParameters,
    },
    {
      // The storage boundary: only records that match the published contract are written.
      test: (t) => {
        const checked = TestRecordSchema.safeParse(t);
        if (!checked.success) invalid.push(contractViolation(t, checked.error));
        else if (t.trace) traces.push(t);
        else buffered.push(t);
      },
      athlete: (p) => profiles.push(p),
      workout: (w) => workouts.push(w),
      // Raw samples go to S3, never into DynamoDB items.
      trace: async (t, samples) => {
        const traceKey = traceKeyFor(teamId, t.athleteId, t.testId);
        await putTrace(traceKey, samples);
        t.trace!.traceKey = traceKey;
      },
    },
    () => (buffered.length + workouts.length >= WRITE_BATCH ? flush() : undefined),
  );
  await flush();
  result.rejected.push(...invalid);
  progress.stage = 'athletes';
  const mergedTraces = new Set<string>();
  for (const trace of traces) {
    touched.add(trace.athleteId);
    const placed = await placeTrace(teamId, trace);
    if (placed.storeTraceTest) {
      await putTests(teamId, uploadId, [withoutDetail(trace)], undefined, 'trace');
      stored++;
    } else mergedTraces.add(trace.testId);
  }

  return completeUpload({ ref, settings, result, profiles, storedTests: stored, storedWorkouts, touched, replaced, mergedTraces }, now, progress);
}

/** The S3 event's time, else now (a missing or unreadable time must not reject anything). */
function uploadTimeOf(time: string | undefined): number {
  const ms = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isFinite(ms) ? ms : Date.now();
}
