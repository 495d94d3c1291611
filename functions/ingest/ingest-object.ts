import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import { knownIdsFromAliases, resolverFromAliases } from '#core/identity/athlete-id.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { loadAliases } from '../adapters/athlete-repository.ts';
import { logger } from '../adapters/powertools.ts';
import { getJsonIfExists, openObject } from '../adapters/s3-objects.ts';
import { putTrace, traceKeyFor } from '../adapters/trace-store.ts';
import { sidecarKeyFor } from './sidecar.ts';
import { withoutDetail } from '../adapters/test-detail-repository.ts';
import { loadPendingTraces, placeTrace } from './trace-merge.ts';
import { loadTeamSettings } from '../adapters/settings-repository.ts';
import { putTests } from '../adapters/test-repository.ts';
import { putWorkouts } from '../adapters/history-repository.ts';
import type { WorkoutRecord } from '#core/model/workout-record.ts';
import { getUpload, saveUpload, uploadIdFor } from '../adapters/upload-repository.ts';
import { failureMessage, type IngestStage } from './failure-message.ts';
import { completeUpload } from './complete-upload.ts';
import { TestBatches } from './test-batches.ts';
import { chunkBytes, chunkingEnabled, type ChunkReadOptions } from './chunks/chunk-store.ts';
import { planUpload } from './chunks/plan-upload.ts';
import type { IngestOutcome, IngestRequest } from './ingest-outcome.ts';

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
  const tests = new TestBatches(teamId, uploadId, pendingTraces, progress);
  let workouts: WorkoutRecord[] = [];
  let storedWorkouts = 0;
  /** Every athlete whose history this upload changed: each gets one recompute message. */
  const touched = tests.touched;
  const profiles: AthleteProfile[] = [];
  const traces: TestRecord[] = [];
  const flush = async () => {
    if (workouts.length > 0) {
      const rows = workouts;
      workouts = [];
      await putWorkouts(teamId, uploadId, rows);
      for (const w of rows) touched.add(w.athleteId);
      storedWorkouts += rows.length;
    }
    await tests.flush();
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
        if (!tests.accepts(t)) return;
        if (t.trace) traces.push(t);
        else tests.add(t);
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
    () => (tests.due(workouts.length) ? flush() : undefined),
  );
  await flush();
  result.rejected.push(...tests.invalid);
  progress.stage = 'athletes';
  const mergedTraces = new Set<string>();
  let traceTests = 0;
  for (const trace of traces) {
    touched.add(trace.athleteId);
    const placed = await placeTrace(teamId, trace);
    if (placed.storeTraceTest) {
      await putTests(teamId, uploadId, [withoutDetail(trace)], undefined, 'trace');
      traceTests++;
    } else mergedTraces.add(trace.testId);
  }

  const storedTests = tests.storedTests + traceTests;
  return completeUpload({ ref, settings, result, profiles, storedTests, storedWorkouts, touched, replaced: tests.replaced, mergedTraces }, now, progress);
}

/** The S3 event's time, else now (a missing or unreadable time must not reject anything). */
function uploadTimeOf(time: string | undefined): number {
  const ms = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isFinite(ms) ? ms : Date.now();
}
