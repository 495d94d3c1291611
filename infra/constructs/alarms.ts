import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import type { WorkQueue } from './queues.ts';

const period = Duration.minutes(5);

/** Thresholds of the health alarms (README "Deploy to AWS": alarms). */
export const alarmThresholds = {
  /** Dead letters: any one means a message failed 5 times and waits for `eccentric redrive`. */
  deadLetters: 0,
  /** An upload waiting this long has not started: ingest is failing, throttled or stopped. */
  oldestIngestMessageSeconds: 30 * 60,
  /** Any 5xx answer is a bug or an outage (the handler answers its own errors with 4xx). */
  api5xx: 0,
  /** p95 latency over 3 consecutive 5-minute periods. */
  apiLatencyP95Ms: 3000,
} as const;

export interface AlarmsProps {
  readonly config: StageConfig;
  readonly functions: Readonly<Record<'ingest' | 'recompute' | 'api', IFunction>>;
  readonly queues: Readonly<Record<'ingest' | 'ingestParts' | 'recompute', WorkQueue>>;
  readonly httpApi: HttpApi;
  readonly table: TableV2;
  readonly key: Key | undefined;
}

/** Alarms to an SNS topic (optionally e-mailed), and one CloudWatch dashboard of the pipeline. */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { config } = props;
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Eccentric ${config.stage} alarms`,
      enforceSSL: true,
      masterKey: props.key,
    });
    // CloudWatch publishes to an encrypted topic only when the key lets it (AWS-managed keys do not).
    props.key?.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));

    for (const [name, work] of Object.entries(props.queues)) {
      this.alarm(`${cap(name)}DeadLetters`, `Messages in the ${name} dead-letter queue: fix the cause, then \`npx eccentric redrive --stage ${config.stage} --queue ${name}\``,
        work.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: Stats.MAXIMUM }), alarmThresholds.deadLetters);
    }
    this.alarm('IngestBacklogAge', `The oldest upload notification has waited over ${alarmThresholds.oldestIngestMessageSeconds / 60} minutes`,
      props.queues.ingest.queue.metricApproximateAgeOfOldestMessage({ period, statistic: Stats.MAXIMUM }), alarmThresholds.oldestIngestMessageSeconds);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${cap(name)}Errors`, `The ${name} function failed (invocation errors)`, fn.metricErrors({ period, statistic: Stats.SUM }), 0);
      this.alarm(`${cap(name)}Throttles`, `The ${name} function was throttled (account concurrency exhausted)`, fn.metricThrottles({ period, statistic: Stats.SUM }), 0);
    }
    this.alarm('Api5xx', 'The HTTP API answered 5xx', props.httpApi.metricServerError({ period, statistic: Stats.SUM }), alarmThresholds.api5xx);
    this.alarm('ApiLatencyP95', `API p95 latency above ${alarmThresholds.apiLatencyP95Ms} ms for 15 minutes`,
      props.httpApi.metricLatency({ period, statistic: Stats.p(95) }), alarmThresholds.apiLatencyP95Ms, 3);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `Eccentric-${config.stage}`,
      defaultInterval: Duration.days(1),
    });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) => new GraphWidget({ title, left, right, width: 8, height: 6 });
    const fns = Object.entries(props.functions);
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# Eccentric ${config.stage}\nUploads → ingest queue → ingest → table; recompute queue → recompute; HTTP API → api.`, width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(
      graph('Queue depth', Object.entries(props.queues).map(([n, w]) => w.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: Stats.MAXIMUM, label: n }))),
      graph('Dead letters', Object.entries(props.queues).map(([n, w]) => w.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: Stats.MAXIMUM, label: `${n} DLQ` }))),
      graph('Oldest message (s)', Object.entries(props.queues).map(([n, w]) => w.queue.metricApproximateAgeOfOldestMessage({ period, statistic: Stats.MAXIMUM, label: n }))),
    );
    this.dashboard.addWidgets(
      graph('Invocations / errors', fns.map(([n, f]) => f.metricInvocations({ period, statistic: Stats.SUM, label: n })), fns.map(([n, f]) => f.metricErrors({ period, statistic: Stats.SUM, label: `${n} errors` }))),
      graph('Duration p95 (ms)', fns.map(([n, f]) => f.metricDuration({ period, statistic: Stats.p(95), label: n }))),
      graph('Throttles', fns.map(([n, f]) => f.metricThrottles({ period, statistic: Stats.SUM, label: n }))),
    );
    this.dashboard.addWidgets(
      graph('API requests / 4xx / 5xx', [props.httpApi.metricCount({ period, statistic: Stats.SUM, label: 'requests' })], [
        props.httpApi.metricClientError({ period, statistic: Stats.SUM, label: '4xx' }),
        props.httpApi.metricServerError({ period, statistic: Stats.SUM, label: '5xx' }),
      ]),
      graph('API latency p95 (ms)', [props.httpApi.metricLatency({ period, statistic: Stats.p(95), label: 'latency' }), props.httpApi.metricIntegrationLatency({ period, statistic: Stats.p(95), label: 'integration' })]),
      graph('Table capacity', [
        props.table.metricConsumedWriteCapacityUnits({ period, statistic: Stats.SUM, label: 'WCU' }),
        props.table.metricConsumedReadCapacityUnits({ period, statistic: Stats.SUM, label: 'RCU' }),
      ], [props.table.metricThrottledRequestsForOperations({ period, label: 'throttled' })]),
    );
  }

  private alarm(id: string, description: string, metric: IMetric, threshold: number, evaluationPeriods = 1): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      // No data means no traffic, not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
