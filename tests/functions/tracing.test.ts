import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * Issue 20: every function traces its invocation and its AWS SDK calls with Powertools Tracer (the stack
 * turns on active X-Ray tracing). Imported afresh as Lambda would start them, with tracing on or off.
 */
const lambdaEnv = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_LAMBDA_FUNCTION_NAME: 'eccentric-test', TABLE_NAME: 't', BUCKET_NAME: 'b', INGEST_QUEUE_URL: 'https://sqs/ingest', RECOMPUTE_QUEUE_URL: 'https://sqs/recompute' };

async function freshClients(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries({ ...lambdaEnv, ...env })) vi.stubEnv(k, v);
  const clients = await import('../../functions/adapters/clients.ts');
  const queue = await import('../../functions/adapters/queue-messages.ts');
  const { tracer } = await import('../../functions/adapters/powertools.ts');
  const names = (c: { middlewareStack: { identify(): string[] } }) => c.middlewareStack.identify().join(' ');
  return { tracer, s3: names(clients.s3), dynamo: names(clients.dynamo), sqs: names(queue.sqs) };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('tracing', () => {
  it('on Lambda, the S3, DynamoDB and SQS clients send every call through the X-Ray middleware', async () => {
    const on = await freshClients({ POWERTOOLS_TRACE_ENABLED: 'true' });
    expect(on.tracer.isTracingEnabled()).toBe(true);
    for (const stack of [on.s3, on.dynamo, on.sqs]) expect(stack).toMatch(/XRaySDK/i);
  });

  it('off where POWERTOOLS_TRACE_ENABLED is false (the local runtime): no X-Ray middleware', async () => {
    const off = await freshClients({ POWERTOOLS_TRACE_ENABLED: 'false' });
    expect(off.tracer.isTracingEnabled()).toBe(false);
    for (const stack of [off.s3, off.dynamo, off.sqs]) expect(stack).not.toMatch(/XRaySDK/i);
  });

  it('each handler is wrapped by captureLambdaHandler (an invocation segment per call)', async () => {
    vi.resetModules();
    for (const [k, v] of Object.entries({ ...lambdaEnv, POWERTOOLS_TRACE_ENABLED: 'true' })) vi.stubEnv(k, v);
    const { tracer } = await import('../../functions/adapters/powertools.ts');
    const annotate = vi.spyOn(tracer, 'annotateColdStart');
    const context = { awsRequestId: 'r', functionName: 'f', getRemainingTimeInMillis: () => 60_000 } as never;
    const calls: [string, unknown][] = [
      ['api', { rawPath: '/nope', requestContext: { http: { method: 'GET', path: '/nope' } } }],
      ['ingest', { Records: [] }],
      ['recompute', { Records: [] }],
    ];
    for (const [name, event] of calls) {
      const before = annotate.mock.calls.length;
      const { handler } = await import(`../../functions/${name}.ts`);
      // No segment exists outside Lambda's runtime: the middleware still runs its before-step (the cold start annotation).
      await handler(event, context).catch(() => undefined);
      expect(annotate.mock.calls.length, name).toBeGreaterThan(before);
    }
  });
});
