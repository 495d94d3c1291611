import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { alarmThresholds } from '../../infra/constructs/alarms.ts';
import { buildStack } from './helpers.ts';
import { StackView, type Json } from './template-tools.ts';

describe('alarms and the health dashboard', () => {
  const { stack } = buildStack({ stage: 'prod' });
  const view = new StackView(stack);
  const alarms = view.ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as Json);
  const topicRef = { Ref: view.id(stack.alarms.topic) };

  /** The alarm watching `metric` in `namespace` with these dimension values (logical-id refs). */
  function alarmOn(namespace: string, metric: string, dimension: Json): Json {
    const found = alarms.filter(
      (a) => a.Namespace === namespace && a.MetricName === metric && JSON.stringify(a.Dimensions).includes(JSON.stringify(dimension)),
    );
    expect(found, `${namespace} ${metric} ${JSON.stringify(dimension)}`).toHaveLength(1);
    return found[0]!;
  }

  it('alarms on any dead letter in either DLQ', () => {
    for (const work of [stack.ingest, stack.recompute]) {
      const alarm = alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [view.id(work.deadLetterQueue), 'QueueName'] });
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum', Period: 300, EvaluationPeriods: 1 });
    }
  });

  it('alarms when the oldest ingest message is older than 30 minutes', () => {
    const alarm = alarmOn('AWS/SQS', 'ApproximateAgeOfOldestMessage', { 'Fn::GetAtt': [view.id(stack.ingest.queue), 'QueueName'] });
    expect(alarm).toMatchObject({ Threshold: alarmThresholds.oldestIngestMessageSeconds, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarmThresholds.oldestIngestMessageSeconds).toBe(1800);
  });

  it('alarms on errors and throttles of each of the three functions', () => {
    for (const fn of [stack.handlers.ingestFunction, stack.handlers.recomputeFunction, stack.handlers.apiFunction]) {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarmOn('AWS/Lambda', metric, { Name: 'FunctionName', Value: { Ref: view.id(fn) } });
        expect(alarm).toMatchObject({ Threshold: 0, Statistic: 'Sum', ComparisonOperator: 'GreaterThanThreshold' });
      }
    }
  });

  it('alarms on API 5xx and on p95 latency over 3 s for 15 minutes', () => {
    const api = { Name: 'ApiId', Value: { Ref: view.id(stack.api.httpApi) } };
    expect(alarmOn('AWS/ApiGateway', '5xx', api)).toMatchObject({ Threshold: 0, Statistic: 'Sum' });
    expect(alarmOn('AWS/ApiGateway', 'Latency', api)).toMatchObject({ Threshold: 3000, ExtendedStatistic: 'p95', EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });

  it('sends every alarm and its recovery to the SNS topic; no data is not a failure', () => {
    expect(alarms).toHaveLength(12);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([topicRef]);
      expect(alarm.OKActions).toEqual([topicRef]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.AlarmDescription.length).toBeGreaterThan(10);
    }
  });

  it('has a TLS-only topic, with no subscription unless an e-mail is given', () => {
    view.template.resourceCountIs('AWS::SNS::Subscription', 0);
    view.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef],
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  it('draws the pipeline on one CloudWatch dashboard', () => {
    const [[, dashboard]] = view.ofType('AWS::CloudWatch::Dashboard') as [[string, Json]];
    expect(dashboard.Properties.DashboardName).toBe('Eccentric-prod');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of ['Queue depth', 'Dead letters', 'Oldest message (s)', 'Invocations / errors', 'Duration p95 (ms)', 'Throttles', 'API requests / 4xx / 5xx', 'API latency p95 (ms)', 'Table capacity']) {
      expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    }
  });
});

describe('alarm options from context', () => {
  it('subscribes the alarm e-mail and encrypts the topic with the stage key, which CloudWatch may use', () => {
    const { stack } = buildStack({ stage: 'prod', context: { 'eccentric:alarmEmail': 'ops@riverside.example', 'eccentric:kms': true } });
    const view = new StackView(stack);
    view.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@riverside.example', TopicArn: { Ref: view.id(stack.alarms.topic) } });
    expect(view.resource(stack.alarms.topic).Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [view.id(stack.data.key!), 'Arn'] });
    const keyPolicy = view.resource(stack.data.key!).Properties.KeyPolicy.Statement as Json[];
    expect(keyPolicy).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow' }),
    );
  });
});
