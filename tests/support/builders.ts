import type { APIGatewayProxyEventV2WithJWTAuthorizer, SQSRecord } from 'aws-lambda';

/** Test builders for the events the handlers receive (skuba's src/testing pattern). */
export function sqsRecord(body: unknown, messageId = `m-${Math.random().toString(36).slice(2)}`): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
    awsRegion: 'us-east-1',
  };
}

/** An S3 notification as real S3 sends it: the key URL-encoded, spaces as `+`. */
export function s3Notification(encodedKey: string, options: { eventName?: string; versionId?: string; eTag?: string } = {}) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2026-11-24T10:00:00.000Z',
        eventName: options.eventName ?? 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: 'eccentric-data', arn: 'arn:aws:s3:::eccentric-data' },
          object: { key: encodedKey, size: 10, eTag: options.eTag ?? 'etag1', ...(options.versionId ? { versionId: options.versionId } : {}), sequencer: '0A' },
        },
      },
    ],
  };
}

/**
 * An HTTP API (payload 2.0) request, with the JWT claims API Gateway's authorizer would pass. A verified
 * token carries `exp`: one an hour ahead is added unless the claims name `exp` (`exp: undefined` for a
 * token without one; undefined claims are left out).
 */
export function apiEvent(method: string, path: string, claims: Record<string, string | undefined> | null, query?: Record<string, string>, body?: unknown): APIGatewayProxyEventV2WithJWTAuthorizer {
  const delivered = claims ? deliveredClaims(claims) : null;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    ...(query ? { queryStringParameters: query } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'api',
      domainName: 'example',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(delivered ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: delivered, scopes: [] } } } : {}),
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function deliveredClaims(claims: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = 'exp' in claims ? {} : { exp: String(Math.floor(Date.now() / 1000) + 3600) };
  for (const [k, v] of Object.entries(claims)) if (v !== undefined) out[k] = v;
  return out;
}
