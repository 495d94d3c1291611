/**
 * Recompute Lambda: recompute queue → here. Each athlete message summarises one athlete again from their
 * stored history (shared/analytics, pure); a team message fans out to every athlete of the team (a
 * settings change, or the team context moved). Then each team the batch touched gets its aggregate
 * refreshed once. Every GET reads what this writes; nothing recomputes a season on a request.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, metrics, tracer } from './adapters/powertools.ts';
import { fanOutTeam } from './recompute/fan-out.ts';
import { RecomputeMessageSchema } from './recompute/messages.ts';
import { recomputeAthlete } from './recompute/recompute-athlete.ts';
import { refreshTeam } from './recompute/refresh-team.ts';
import { TeamCache } from './recompute/team-cache.ts';

export const processor = new BatchProcessor(EventType.SQS);

export async function recomputeBatch(event: SQSEvent, context: Context, now = new Date()): Promise<SQSBatchResponse> {
  const team = new TeamCache();
  const touched = new Set<string>();
  let athletes = 0;
  const recordHandler = async (record: SQSRecord) => {
    const parsed = RecomputeMessageSchema.safeParse(JSON.parse(record.body));
    // A malformed message can never succeed: it fails, is retried and ends in the DLQ with this reason.
    if (!parsed.success) throw new Error(`message ${record.messageId}: not a recompute message (${parsed.error.issues[0]?.message})`);
    const message = parsed.data;
    if (message.type === 'team') {
      await fanOutTeam(message.teamId, team);
      return;
    }
    if ((await recomputeAthlete(message.teamId, message.athleteId, team, now)) !== null) athletes++;
    touched.add(message.teamId);
  };
  const response = await processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
  // A failed refresh fails the invocation: the batch is retried, and recomputes are idempotent.
  for (const teamId of touched) await refreshTeam(teamId, team, now);
  metrics.addMetric('AthletesRecomputed', MetricUnit.Count, athletes);
  logger.info('recompute batch', { athletes, teams: touched.size, failed: response.batchItemFailures.length });
  return response;
}

export const handler = middy((event: SQSEvent, context: Context) => recomputeBatch(event, context))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
