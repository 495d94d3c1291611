import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** One Logger, one Metrics and one Tracer per process (Powertools examples/app pattern). */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'eccentric' });
/**
 * Metrics' own warnings (an invocation that recorded no metric: an S3 test event, a skipped key) go through
 * the Logger, structured and at its level, instead of a bare console line per invocation.
 */
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Eccentric', serviceName: 'eccentric', logger });
/**
 * X-Ray segments for each invocation and each AWS SDK call (the functions have active tracing). Off outside
 * Lambda, and where POWERTOOLS_TRACE_ENABLED is false (the local runtime sets it).
 */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'eccentric' });
