/**
 * Where a function says what it asked of DynamoDB (dynamo-usage.ts): on AWS as metrics per invocation,
 * locally also as a file per process (`DYNAMO_USAGE_DIR/<function>-<pid>.json`, the process's totals so far)
 * that bench/pipeline.ts adds up. A sandbox retires after idle; its file stays, so totals survive it.
 */
import { writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from './powertools.ts';
import { snapshotUsage, totalRequests, usage, usageSince, type DynamoUsage } from './dynamo-usage.ts';

export function startUsage(): DynamoUsage {
  return snapshotUsage();
}

export function reportUsage(functionName: string, since: DynamoUsage): void {
  const delta = usageSince(since);
  metrics.addMetric('DynamoRequests', MetricUnit.Count, totalRequests(delta));
  metrics.addMetric('DynamoWriteUnits', MetricUnit.Count, delta.writeUnits);
  const dir = process.env.DYNAMO_USAGE_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${functionName}-${process.pid}.json`);
  // Written whole, then renamed: a reader never sees half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(usage));
  renameSync(`${file}.tmp`, file);
}
