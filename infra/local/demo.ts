import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { buildDemoSquad, demoStartFor } from '#core/synthetic/demo-squad.ts';
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
 * Loads the demo squad through the real pipeline (S3 → queue → ingest): the roster, the exports and the
 * workout logs (demo-squad.ts `files`).
 */
export async function loadDemo(stack: LocalStack): Promise<{ athletes: number }> {
  // Moved by whole weeks so that the designed statuses hold on the day of the first start.
  const squad = buildDemoSquad({ startDate: demoStartFor(new Date()) });
  const s3 = localS3Client(stack);
  try {
    // In order, each one processed before the next: the roster first, so the others resolve to its athletes.
    for (const file of squad.files) {
      await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `uploads/${stack.teamId}/demo/${file.name}`, Body: file.body, ContentType: file.contentType }));
      await new Promise((resolve) => setImmediate(resolve));
      await stack.whenIdle();
    }
  } finally {
    s3.destroy();
  }
  return { athletes: squad.athletes.length };
}
