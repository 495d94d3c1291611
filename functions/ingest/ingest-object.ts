import { analyzeStream } from '#core/analyze/analyzer.ts';
import { resolverFromAliases } from '#core/identity/athlete-id.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import { TestRecordSchema, type Rejection, type TestRecord } from '#core/model/test-record.ts';
import type { z } from 'zod';
import { ensureAthlete, linkAliases, loadAliases, updateLatest, upsertProfile } from '../adapters/athlete-repository.ts';
import { logger, metrics } from '../adapters/powertools.ts';
import { openObject, putJson } from '../adapters/s3-objects.ts';
import { loadTeamSettings } from '../adapters/settings-repository.ts';
import { putTests } from '../adapters/test-repository.ts';
import { REJECTIONS_ON_ITEM, reportKeyFor, saveUpload, uploadIdFor } from '../adapters/upload-repository.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

export interface IngestRequest {
  /** `bucket/key@version-or-etag`: what the idempotency layer keys on. */
  objectId: string;
  key: string;
  versionId?: string | undefined;
  teamId: string;
  fileName: string;
}

export interface IngestOutcome {
  uploadId: string;
  status: 'done' | 'rejected';
  storedTests: number;
  rejected: number;
}

/** Tests are written in batches while the object is still being read. */
const WRITE_BATCH = 500;

/**
 * One uploaded object: stream it through the analyzer, store tests as they come, then athletes, latest
 * tests and the report. Every write is an idempotent upsert, so a replayed event stores nothing twice.
 */
export async function ingestObject(request: IngestRequest, now = () => new Date().toISOString()): Promise<IngestOutcome> {
  const { key, teamId, fileName } = request;
  const uploadId = uploadIdFor(key);
  logger.appendKeys({ teamId, uploadId, objectKey: key });
  await saveUpload({ uploadId, teamId, key, fileName, status: 'processing' }, now());
  try {
    return await ingest(request, uploadId, now);
  } catch (error) {
    // The message will be retried (and finally parked in the DLQ); the report says what went wrong meanwhile.
    await saveUpload({ uploadId, teamId, key, fileName, status: 'failed', error: (error as Error).message }, now());
    throw error;
  }
}

async function ingest(request: IngestRequest, uploadId: string, now: () => string): Promise<IngestOutcome> {
  const { key, teamId, fileName } = request;

  const [aliases, settings] = await Promise.all([loadAliases(teamId), loadTeamSettings(teamId)]);
  const object = await openObject(key, request.versionId);
  let buffered: TestRecord[] = [];
  let stored = 0;
  const profiles: AthleteProfile[] = [];
  const invalid: Rejection[] = [];
  const flush = async () => {
    if (buffered.length === 0) return;
    const batch = buffered;
    buffered = [];
    await putTests(teamId, uploadId, batch);
    stored += batch.length;
  };
  const result = await analyzeStream(
    object.body,
    { file: fileName, dateOrder: settings.dateOrder, asymmetryFormula: settings.asymmetryFormula, resolveAthlete: resolverFromAliases(aliases) },
    {
      // The storage boundary: only records that match the published contract are written.
      test: (t) => {
        const checked = TestRecordSchema.safeParse(t);
        if (checked.success) buffered.push(t);
        else invalid.push(contractViolation(t, checked.error));
      },
      athlete: (p) => profiles.push(p),
    },
    () => (buffered.length >= WRITE_BATCH ? flush() : undefined),
  );
  await flush();
  result.rejected.push(...invalid);

  const newAthletes: string[] = [];
  const at = now();
  for (const profile of profiles) {
    if (await upsertProfile(teamId, profile, at)) newAthletes.push(profile.athleteId);
  }
  const seen = new Set<string>();
  for (const test of result.latest) {
    if (!seen.has(test.athleteId)) {
      seen.add(test.athleteId);
      const ids = { name: test.athleteName, externalId: test.externalId, valdProfileId: test.testIdSource === 'vald' ? test.athleteId : null };
      if (await ensureAthlete(teamId, test.athleteId, ids, at)) newAthletes.push(test.athleteId);
      await linkAliases(teamId, test.athleteId, ids, false);
    }
    await updateLatest(teamId, test);
  }

  const status = result.kind === 'unsupported' ? 'rejected' : 'done';
  const reportKey = reportKeyFor(teamId, uploadId);
  const report = { uploadId, teamId, key, kind: result.kind, status, summary: result.summary, newAthletes, rejected: result.rejected };
  await putJson(reportKey, report);
  await saveUpload(
    {
      uploadId,
      teamId,
      key,
      fileName,
      status,
      kind: result.kind,
      summary: result.summary,
      storedTests: stored,
      storedAthletes: profiles.length + seen.size,
      newAthletes,
      rejected: result.rejected.slice(0, REJECTIONS_ON_ITEM),
      rejectedCount: result.rejected.length,
      reportKey,
    },
    now(),
  );
  metrics.addMetric('TestsStored', MetricUnit.Count, stored);
  metrics.addMetric('RowsRejected', MetricUnit.Count, result.rejected.length);
  logger.info('upload ingested', { status, kind: result.kind, storedTests: stored, rejected: result.rejected.length });
  return { uploadId, status, storedTests: stored, rejected: result.rejected.length };
}

function contractViolation(t: TestRecord, error: z.ZodError): Rejection {
  const issue = error.issues[0]!;
  return {
    file: t.source.file,
    line: t.source.line,
    column: null,
    code: 'contract-violation',
    reason: `the test does not match the stored contract at ${issue.path.join('.')}: ${issue.message}`,
  };
}
