/**
 * The single DynamoDB table's key schema, shared by the CDK stack, the local runtime and the tests,
 * so that AWS and the laptop create the very same table. Item layouts live in functions/adapters/keys.ts.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Local secondary index: same partition, alternative order (tests by type, uploads by time). */
  lsi1: { indexName: 'lsi1', sortKey: 'lsi1sk' },
  /** Local secondary index on the test id without case: one test of an athlete by id (sparse: only test items have it). */
  byTestId: { indexName: 'byTestId', sortKey: 'testKey' },
} as const;

/** Every local secondary index, all attributes projected. */
export const localIndexes = [tableSchema.lsi1, tableSchema.byTestId] as const;

export const localTableName = 'eccentric-local';
export const localBucketName = 'eccentric-local';
