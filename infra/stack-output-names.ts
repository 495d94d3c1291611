/** Names of the stack's outputs: the CLI finds the user pool, the queues and the URLs by them. */
export const outputNames = {
  apiUrl: 'ApiUrl',
  dashboardUrl: 'DashboardUrl',
  signInUrl: 'SignInUrl',
  bucketName: 'BucketName',
  tableName: 'TableName',
  userPoolId: 'UserPoolId',
  userPoolClientId: 'UserPoolClientId',
  cognitoDomain: 'CognitoDomain',
  ingestQueueUrl: 'IngestQueueUrl',
  ingestDlqArn: 'IngestDlqArn',
  ingestPartsDlqArn: 'IngestPartsDlqArn',
  recomputeQueueUrl: 'RecomputeQueueUrl',
  recomputeDlqArn: 'RecomputeDlqArn',
  alarmTopicArn: 'AlarmTopicArn',
} as const;
