/**
 * One chunk of a planned upload (plan-upload.ts), from its message on the ingest-parts queue: a ranged read of
 * its bytes, the same parse with the file's layout, date order and athletes, its tests stored in batches as they
 * come; then its result, and its place in the upload's pending set taken away (the done marker). The chunk that
 * empties the set finishes the upload (finish-chunked.ts). A retried chunk stores the same items again
 * (idempotent upserts) or, once it is off the pending set, only says it is done; a chunk of a plan made anew
 * since, or of an upload already finished, is dropped.
 */
import { readChunk } from '#core/analyze/chunk-plan.ts';
import { resolverFromAliases } from '#core/identity/athlete-id.ts';
import { logger } from '../../adapters/powertools.ts';
import { getJson, openObject, putJson, readBytes } from '../../adapters/s3-objects.ts';
import { finishPart, markFinished, planState, saveUpload } from '../../adapters/upload-repository.ts';
import { failureMessage, type IngestStage } from '../failure-message.ts';
import { TestBatches } from '../test-batches.ts';
import { loadPendingTraces } from '../trace-merge.ts';
import { partKeyFor, planKeyFor, type ChunkMessage, type PartResult, type StoredPlan } from './chunk-store.ts';
import { finishChunked } from './finish-chunked.ts';

export interface ChunkOutcome {
  uploadId: string;
  index: number;
  outcome: 'stored' | 'already-stored' | 'already-finished' | 'stale';
  finished: boolean;
}

/** `messageId`: the SQS message's (a redelivery keeps it; a copy sent again does not). */
export async function ingestChunk(m: ChunkMessage, messageId: string, now = () => new Date().toISOString()): Promise<ChunkOutcome> {
  logger.appendKeys({ teamId: m.teamId, uploadId: m.uploadId, chunk: m.index });
  const stale = { uploadId: m.uploadId, index: m.index, outcome: 'stale' as const, finished: false };
  const state = await planState(m.teamId, m.uploadId);
  if (state.planId !== m.planId) {
    logger.warn('chunk of an earlier plan of this upload dropped');
    return stale;
  }
  if (state.finishedPlan === m.planId) return { ...stale, outcome: 'already-finished' };
  const plan = (await getJson(planKeyFor(m))) as StoredPlan | undefined;
  const chunk = plan?.plan.chunks[m.index];
  if (plan === undefined || chunk === undefined || plan.teamId !== m.teamId || plan.uploadId !== m.uploadId) throw new Error(`chunk ${m.index} of plan ${m.planId}: no such plan or chunk`);
  const progress = { stage: 'read' as IngestStage };
  try {
    let outcome: ChunkOutcome['outcome'] = 'already-stored';
    if (state.pending.has(m.index)) {
      await putJson(partKeyFor(m), await storeChunk(plan, m.index, progress));
      outcome = 'stored';
    }
    progress.stage = 'tests';
    const parts = await finishPart(m.teamId, m.uploadId, m.planId, m.index, messageId);
    if (parts === 'stale') return stale;
    if (parts === 'last') {
      await finishChunked(m, plan, now, progress);
      await markFinished(m.teamId, m.uploadId, m.planId);
    }
    return { uploadId: m.uploadId, index: m.index, outcome, finished: parts === 'last' };
  } catch (error) {
    const e = error as Error & { $metadata?: unknown };
    const part = `part ${m.index + 1} of ${plan.plan.chunks.length} (from line ${chunk.firstLine.toLocaleString('en')})`;
    logger.error('chunk failed', { stage: progress.stage, errorName: e.name, metadata: e.$metadata, error: e });
    // Said on the upload until a retry of this part succeeds and the last part finishes it.
    await saveUpload({ uploadId: m.uploadId, teamId: m.teamId, key: plan.key, fileName: plan.fileName, status: 'failed', error: `${part}: ${failureMessage(error, progress.stage)}` }, now());
    throw error;
  }
}

async function storeChunk(plan: StoredPlan, index: number, progress: { stage: IngestStage }): Promise<PartResult> {
  const chunk = plan.plan.chunks[index]!;
  const { teamId, uploadId } = plan;
  const ifMatch = plan.versionId === undefined ? plan.eTag : undefined;
  const [head, pendingTraces] = await Promise.all([readBytes(plan.key, plan.versionId, { start: 0, end: plan.plan.headBytes, ifMatch }), loadPendingTraces(teamId)]);
  const body = (await openObject(plan.key, plan.versionId, { start: chunk.start, end: chunk.end, ifMatch })).body;
  const tests = new TestBatches(teamId, uploadId, pendingTraces, progress);
  await readChunk(
    head,
    body,
    plan.plan,
    chunk,
    { ...plan.options, holdUndecided: true, requireKnownAthlete: true, resolveAthlete: resolverFromAliases(new Map(plan.aliases)) },
    { test: (t) => (tests.accepts(t) ? tests.add(t) : undefined) },
    () => (tests.due() ? tests.flush() : undefined),
  );
  await tests.flush();
  return { storedTests: tests.storedTests, invalid: tests.invalid, replaced: [...tests.replaced] };
}
