import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { buildDemoSquad } from '#core/synthetic/demo-squad.ts';
import type { LocalStack } from './stack.ts';

export function localS3Client(stack: Pick<LocalStack, 's3Endpoint' | 'region'>): S3Client {
  return new S3Client({
    region: stack.region,
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Loads the demo squad through the real pipeline (S3 → queue → ingest): the roster first, so the
 * export's names and external ids resolve to the roster's athletes.
 */
export async function loadDemo(stack: LocalStack): Promise<{ athletes: number }> {
  const squad = buildDemoSquad();
  const s3 = localS3Client(stack);
  try {
    const put = async (name: string, body: string) => {
      await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `uploads/${stack.teamId}/demo/${name}`, Body: body, ContentType: 'text/csv' }));
      await new Promise((resolve) => setImmediate(resolve));
      await stack.whenIdle();
    };
    await put('demo-roster.csv', squad.rosterCsv);
    await put('demo-season-nordbord.csv', squad.hubExportCsv);
  } finally {
    s3.destroy();
  }
  return { athletes: squad.athletes.length };
}
