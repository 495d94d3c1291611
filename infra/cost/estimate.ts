/**
 * The monthly bill of one prod stage (threat protection on, no KMS key, no WAF), computed from request
 * counts, storage and Lambda GB-seconds: usage (usage.ts) × prices (prices.ts). `npm run cost` prints
 * the README table.
 */
import { prices as defaultPrices, type Prices } from './prices.ts';
import { club, typicalSquad, unitAssumptions as u, type Usage } from './usage.ts';

export interface CostLine {
  readonly item: string;
  /** The quantity that was priced, in words. */
  readonly quantity: string;
  readonly usd: number;
}

const n = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(3)).toString());

export function monthlyCost(usage: Usage, p: Prices = defaultPrices): CostLine[] {
  const tests = usage.athletes * usage.testsPerAthletePerMonth;
  const workoutRows = usage.athletes * usage.workoutRowsPerAthletePerMonth;
  const traces = tests * usage.tracesPerTest;
  const files = usage.teams * usage.filesPerTeamPerMonth;
  const objects = files + traces;
  // Each object touches its athletes: an export or log all of the team's, a trace one.
  const recomputeMessages = files * (usage.athletes / usage.teams) + traces;
  const recomputeBatches = recomputeMessages / u.recomputeBatchSize;
  const sessions = usage.staff * usage.sessionsPerStaffPerMonth;
  const apiRequests = sessions * usage.apiRequestsPerSession;
  const invocations = objects + recomputeBatches + apiRequests;

  const ingestGbS = objects * u.ingestSecondsPerObject * 1;
  const recomputeGbS = recomputeBatches * u.recomputeSecondsPerBatch * 1;
  const apiGbS = apiRequests * u.apiSecondsPerRequest * 0.5;
  const gbS = ingestGbS + recomputeGbS + apiGbS;

  const writeUnits = tests * u.writeUnitsPerTest + workoutRows * u.writeUnitsPerWorkoutRow + objects * u.writeUnitsPerObject + recomputeMessages * u.writeUnitsPerRecomputeMessage;
  const readUnits = apiRequests * u.readUnitsPerApiRequest + recomputeMessages * u.readUnitsPerRecomputeMessage;
  const tableGb = ((tests + workoutRows) * u.monthsOfData * u.itemKb) / 1024 / 1024;

  const monthlyObjectMb = files * (u.fileMb + u.reportMb) + traces * (u.traceMb + u.storedTraceMb + u.reportMb);
  const bucketGb = (monthlyObjectMb * u.monthsOfData) / 1024;
  const puts = objects * 3; // the upload, its report, its stored trace or summary
  const gets = objects + apiRequests * 0.05; // ingest reads each object; a few API calls read reports and traces

  const sqsRequests = u.polledQueues * u.idleSqsRequestsPerQueue + (objects + recomputeMessages) * 3;
  const cdnRequests = sessions * (u.staticRequestsPerSession + usage.apiRequestsPerSession);
  const cdnGb = (sessions * u.staticMbPerSession + (apiRequests * u.apiKbPerRequest) / 1024) / 1024;
  const logGb = (invocations * u.logKbPerInvocation) / 1024 / 1024;

  return [
    { item: 'Lambda requests', quantity: `${n(invocations)} invocations`, usd: (invocations / 1e6) * p.lambdaPerMillionRequests },
    { item: 'Lambda compute (arm64)', quantity: `${n(gbS)} GB-s (ingest ${n(ingestGbS)}, recompute ${n(recomputeGbS)}, API ${n(apiGbS)})`, usd: gbS * p.lambdaPerGbSecond },
    { item: 'DynamoDB writes (on-demand)', quantity: `${n(writeUnits)} WRU (${n(tests)} tests, ${n(workoutRows)} workout rows)`, usd: (writeUnits / 1e6) * p.dynamoPerMillionWriteUnits },
    { item: 'DynamoDB reads', quantity: `${n(readUnits)} RRU`, usd: (readUnits / 1e6) * p.dynamoPerMillionReadUnits },
    { item: 'DynamoDB storage + PITR', quantity: `${n(tableGb)} GB after ${u.monthsOfData} months`, usd: tableGb * (p.dynamoStoragePerGbMonth + p.dynamoPitrPerGbMonth) },
    { item: 'S3 storage', quantity: `${n(bucketGb)} GB after ${u.monthsOfData} months (Standard)`, usd: bucketGb * p.s3StandardPerGbMonth },
    { item: 'S3 requests', quantity: `${n(puts)} PUT, ${n(gets)} GET`, usd: (puts / 1000) * p.s3PerThousandPuts + (gets / 1000) * p.s3PerThousandGets },
    { item: 'SQS requests', quantity: `${n(sqsRequests)} (mostly idle long polls of ${u.polledQueues} queues)`, usd: (sqsRequests / 1e6) * p.sqsPerMillionRequests },
    { item: 'API Gateway (HTTP API)', quantity: `${n(apiRequests)} requests`, usd: (apiRequests / 1e6) * p.httpApiPerMillionRequests },
    {
      item: 'CloudFront + Functions',
      quantity: `${n(cdnRequests)} requests, ${n(cdnGb)} GB out`,
      usd: (cdnRequests / 1e4) * p.cloudFrontPerTenThousandHttpsRequests + cdnGb * p.cloudFrontPerGbOut + (cdnRequests / 1e6) * p.cloudFrontFunctionsPerMillion,
    },
    { item: 'Cognito (Plus plan, prod)', quantity: `${n(usage.staff)} monthly active users`, usd: usage.staff * p.cognitoPlusPerMau },
    { item: 'CloudWatch alarms + dashboard', quantity: `${u.alarms} alarms, 1 dashboard`, usd: u.alarms * p.cloudWatchPerAlarm + p.cloudWatchPerDashboard },
    { item: 'CloudWatch logs + metrics', quantity: `${n(logGb)} GB logs, ${u.customMetricSeries} metric series`, usd: logGb * p.cloudWatchLogsPerGbIngested + u.customMetricSeries * p.cloudWatchPerCustomMetric },
    { item: 'X-Ray', quantity: `${n(invocations)} traces (all sampled, worst case)`, usd: (invocations / 1e6) * p.xrayPerMillionTraces },
  ];
}

export const total = (lines: readonly CostLine[]) => lines.reduce((sum, line) => sum + line.usd, 0);

const usd = (x: number) => (x < 0.005 ? '< $0.01' : `$${x.toFixed(2)}`);

/** The README table: one row per item, a column pair per scenario. */
export function costTable(scenarios: readonly Usage[] = [typicalSquad, club], p: Prices = defaultPrices): string {
  const bills = scenarios.map((s) => monthlyCost(s, p));
  const header = `| item | ${scenarios.map((s) => `${s.name}: quantity | $/month`).join(' | ')} |`;
  const rule = `| --- | ${scenarios.map(() => '--- | ---:').join(' | ')} |`;
  const rows = bills[0]!.map((line, i) => `| ${line.item} | ${bills.map((b) => `${b[i]!.quantity} | ${usd(b[i]!.usd)}`).join(' | ')} |`);
  const totals = `| **total** | ${bills.map((b) => ` | **${usd(total(b))}**`).join(' | ')} |`;
  return [header, rule, ...rows, totals].join('\n');
}
