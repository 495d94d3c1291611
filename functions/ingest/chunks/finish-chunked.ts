/**
 * After the last chunk of a planned upload: the report assembled from the plan's analysis of the whole file and
 * the chunks' results (stored tests, the records the store refused), then the end every upload has
 * (complete-upload.ts: athletes, latest tests, recompute, report, status).
 */
import type { TestRecord } from '#core/model/test-record.ts';
import { getJson } from '../../adapters/s3-objects.ts';
import { completeUpload } from '../complete-upload.ts';
import type { IngestStage } from '../failure-message.ts';
import type { IngestOutcome } from '../ingest-outcome.ts';
import { analysisKeyFor, partKeyFor, type ChunkMessage, type PartResult, type StoredAnalysis, type StoredPlan } from './chunk-store.ts';

export async function finishChunked(m: ChunkMessage, plan: StoredPlan, now: () => string, progress: { stage: IngestStage }): Promise<IngestOutcome> {
  progress.stage = 'report';
  const [analysis, ...parts] = await Promise.all([
    getJson(analysisKeyFor(m)) as Promise<StoredAnalysis | undefined>,
    ...plan.plan.chunks.map((c) => getJson(partKeyFor({ ...m, index: c.index })) as Promise<PartResult | undefined>),
  ]);
  const missing = parts.findIndex((p) => p === undefined);
  if (analysis === undefined || missing >= 0) throw new Error(`the upload's ${analysis === undefined ? 'analysis' : `part ${missing + 1} result`} is missing from storage`);
  const results = parts as PartResult[];
  const latest: TestRecord[] = analysis.latest;
  return completeUpload(
    {
      ref: { teamId: plan.teamId, uploadId: plan.uploadId, key: plan.key, versionId: plan.versionId, fileName: plan.fileName },
      settings: plan.settings,
      result: {
        kind: analysis.kind as StoredAnalysis['summary']['kind'],
        summary: analysis.summary,
        rejected: [...analysis.rejected, ...results.flatMap((p) => p.invalid)],
        latest,
        held: null,
        refused: false,
      },
      profiles: [],
      storedTests: results.reduce((n, p) => n + p.storedTests, 0),
      storedWorkouts: 0,
      touched: new Set(latest.map((t) => t.athleteId)),
      replaced: new Map(results.flatMap((p) => p.replaced)),
      mergedTraces: new Set(),
    },
    now,
    progress,
  );
}
