/**
 * AWS SDK clients, created once per process from the environment. Locally (`npm start`, tests) the
 * endpoints point at s3rver and dynalite: S3 then needs path-style addressing and checksums only when
 * required, or s3rver stores chunk-framed bodies (engineering notes §3a).
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './powertools.ts';
import { countUsage } from './dynamo-usage.ts';

const region = process.env.AWS_REGION ?? 'us-east-1';
const s3Endpoint = process.env.AWS_ENDPOINT_URL_S3;
const dynamoEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;

const s3Config: S3ClientConfig = {
  region,
  // Presigned PUT URLs must not carry a checksum of an empty body (engineering notes §2.7).
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
};
if (s3Endpoint) {
  Object.assign(s3Config, {
    endpoint: s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}
export const s3 = tracer.captureAWSv3Client(new S3Client(s3Config));

export const dynamo = tracer.captureAWSv3Client(new DynamoDBClient(
  dynamoEndpoint ? { region, endpoint: dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : { region },
));
// Requests and write units per command (dynamo-usage.ts): what the bench and the metrics report.
countUsage(dynamo);
// (the document client sends through `dynamo`, so its calls are traced too)
export const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export const config = {
  get tableName() {
    return required('TABLE_NAME');
  },
  get bucketName() {
    return required('BUCKET_NAME');
  },
};
