/**
 * Placeholder so the stack can bundle a recompute function; the lead's handler (SQS batches with
 * partial failures, messages `{"type":"athlete",...}` / `{"type":"team",...}`) replaces this file.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export const handler = async (_event: SQSEvent): Promise<SQSBatchResponse> => {
  throw new Error('recompute: not implemented');
};
