import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface ContextOptions {
  /** ms since the epoch when the invocation is cut off; default now + timeoutMs */
  deadline?: number;
  requestId?: string;
  memoryMb?: number;
}

/** A Lambda context for one invocation: `getRemainingTimeInMillis()` counts down to the deadline the runtime enforces. */
export function lambdaContext(functionName: string, timeoutMs: number, options: ContextOptions = {}): Context {
  const deadline = options.deadline ?? Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(options.memoryMb ?? 1024),
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
