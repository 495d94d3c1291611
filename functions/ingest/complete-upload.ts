/**
 * The end of an upload once its tests are stored, for both paths (ingest-object.ts reads a file in one message;
 * chunks/finish-chunked.ts after the last chunk of a large one): the athletes and their latest tests, the date
 * order held or learned, the recompute of every athlete the upload touched, then the report and the upload's
 * status. Every write is an idempotent upsert: run twice, it stores the same.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AnalyzeResult } from '#core/analyze/analyzer.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { linkMissingAliases, storeAthletesLatest, upsertProfiles, type AthleteLatest } from '../adapters/athlete-batch.ts';
import { unmarkHeld } from '../adapters/held-uploads.ts';
import { logger, metrics } from '../adapters/powertools.ts';
import { enqueueAthletes } from '../adapters/recompute-queue.ts';
import { putJson } from '../adapters/s3-objects.ts';
import type { StoredSettings } from '../adapters/settings-repository.ts';
import { withoutDetail } from '../adapters/test-detail-repository.ts';
import { REJECTIONS_ON_ITEM, reportKeyFor, saveUpload, type Relinked } from '../adapters/upload-repository.ts';
import { boundedUpload } from './bounded-upload.ts';
import { holdUpload, learnFromFile, type UploadRef } from './date-order-outcome.ts';
import type { IngestStage } from './failure-message.ts';
import type { IngestOutcome } from './ingest-outcome.ts';
import { relinkAthletes } from './relink-athletes.ts';

export interface StoredUpload {
  ref: UploadRef;
  settings: StoredSettings;
  /** The file's analysis; `rejected` with the records the store's contract refused. */
  result: Pick<AnalyzeResult, 'kind' | 'summary' | 'rejected' | 'latest' | 'held'> & { refused: boolean };
  /** A roster's athletes. */
  profiles: AthleteProfile[];
  storedTests: number;
  storedWorkouts: number;
  /** Every athlete whose history this upload changed: each gets one recompute message. */
  touched: Set<string>;
  /** Summary test id → the trace-only test it absorbed (for the latest-test update). */
  replaced: ReadonlyMap<string, string>;
  /** Trace tests whose summary test was already the athlete's test of that minute. */
  mergedTraces: ReadonlySet<string>;
}

export async function completeUpload(u: StoredUpload, now: () => string, progress: { stage: IngestStage }): Promise<IngestOutcome> {
  const { ref, settings, result, profiles, touched } = u;
  const { teamId, uploadId, key, fileName } = ref;
  progress.stage = 'athletes';
  const at = now();
  // Per-athlete work in batches (adapters/athlete-batch.ts): rosters first, then the imports' athletes.
  const newAthletes: string[] = await upsertProfiles(teamId, profiles, at);
  // A roster may link names or ids that earlier imports gave athletes of their own: those merge into its athletes.
  const relinked: Relinked[] = result.kind === 'roster' ? await relinkAthletes(teamId, new Set(profiles.map((p) => p.athleteId))) : [];
  const byAthlete = latestByAthlete(result.latest, u.replaced, u.mergedTraces);
  const athletes = [...byAthlete.values()];
  newAthletes.push(...(await storeAthletesLatest(teamId, athletes, at)));
  await linkMissingAliases(teamId, athletes);

  // Held for its date order (its rows with ISO times, if any, are stored), or read to its end.
  const held = result.held ? await holdUpload(ref, result.held, settings, at) : null;
  if (held === null) await unmarkHeld(teamId, uploadId);
  const dateOrderLearned = held === null ? await learnFromFile(ref, result.summary, settings, at) : null;

  for (const profile of profiles) touched.add(profile.athleteId);
  for (const merge of relinked) touched.add(merge.to);
  // After the athletes exist and before the upload says done: a crash in between retries the message,
  // whose writes are idempotent, so no stored test is ever left without its recompute.
  progress.stage = 'recompute';
  const recomputes = await enqueueAthletes(teamId, touched);

  progress.stage = 'report';
  const status = held?.status ?? (result.refused ? 'rejected' : 'done');
  const reportKey = reportKeyFor(teamId, uploadId);
  const report = { uploadId, teamId, key, kind: result.kind, status, held: held?.held ?? null, summary: result.summary, newAthletes, relinked, dateOrderLearned, rejected: result.rejected };
  await putJson(reportKey, report);
  await saveUpload(
    boundedUpload({
      uploadId,
      teamId,
      key,
      fileName,
      status,
      kind: result.kind,
      summary: result.summary,
      storedTests: u.storedTests,
      storedWorkouts: u.storedWorkouts,
      recomputes,
      storedAthletes: profiles.length + byAthlete.size,
      newAthletes,
      relinked,
      rejected: result.rejected.slice(0, REJECTIONS_ON_ITEM),
      rejectedCount: result.rejected.length,
      noRepRows: result.summary.noRepRows,
      reportKey,
      held: held?.held ?? null,
      dateOrderLearned,
      error: null,
    }),
    now(),
  );
  metrics.addMetric('TestsStored', MetricUnit.Count, u.storedTests);
  metrics.addMetric('RowsRejected', MetricUnit.Count, result.rejected.length);
  logger.info('upload ingested', { status, kind: result.kind, storedTests: u.storedTests, rejected: result.rejected.length });
  return { uploadId, status, storedTests: u.storedTests, rejected: result.rejected.length };
}

/** The upload's latest tests, athlete by athlete in the order of their first test (what storeAthletesLatest writes). */
function latestByAthlete(latest: Iterable<TestRecord>, replaced: ReadonlyMap<string, string>, mergedTraces: ReadonlySet<string>): Map<string, AthleteLatest> {
  const byAthlete = new Map<string, AthleteLatest>();
  for (const test of latest) {
    if (mergedTraces.has(test.testId)) continue; // its summary test is already the athlete's test of that minute
    let entry = byAthlete.get(test.athleteId);
    if (!entry) {
      const ids = { name: test.athleteName, externalId: test.externalId, valdProfileId: test.testIdSource === 'vald' ? test.athleteId : null };
      entry = { athleteId: test.athleteId, ids, tests: [] };
      byAthlete.set(test.athleteId, entry);
    }
    entry.tests.push({ test: withoutDetail(test), replaces: replaced.get(test.testId) });
  }
  return byAthlete;
}
