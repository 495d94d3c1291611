/**
 * AWS list prices (USD, us-east-1; eu-west-1 is the same or within a few percent for these services),
 * without free tiers, from the services' public pricing pages. Change them here and run `npm run cost`;
 * a test keeps the README's table equal to what this computes.
 */
export const prices = {
  source: 'aws.amazon.com/{lambda,dynamodb,s3,sqs,api-gateway,cloudfront,cognito,cloudwatch,xray,kms}/pricing, us-east-1 list prices as of 2025',
  lambdaPerMillionRequests: 0.2,
  /** arm64 (Graviton). */
  lambdaPerGbSecond: 0.0000133334,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  dynamoStoragePerGbMonth: 0.25,
  dynamoPitrPerGbMonth: 0.2,
  s3StandardPerGbMonth: 0.023,
  s3InfrequentAccessPerGbMonth: 0.0125,
  s3PerThousandPuts: 0.005,
  s3PerThousandGets: 0.0004,
  sqsPerMillionRequests: 0.4,
  httpApiPerMillionRequests: 1.0,
  cloudFrontPerTenThousandHttpsRequests: 0.01,
  cloudFrontPerGbOut: 0.085,
  cloudFrontFunctionsPerMillion: 0.1,
  /** Plus plan (threat protection, the prod default); Essentials is free up to 10,000 MAU. */
  cognitoPlusPerMau: 0.02,
  cloudWatchPerAlarm: 0.1,
  cloudWatchPerDashboard: 3.0,
  cloudWatchLogsPerGbIngested: 0.5,
  cloudWatchPerCustomMetric: 0.3,
  xrayPerMillionTraces: 5.0,
} as const;

export type Prices = typeof prices;
