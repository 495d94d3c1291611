/**
 * API Lambda behind the HTTP API (payload 2.0). Claims come from the JWT authorizer; every route checks
 * that the token's team is the path's team before reading anything.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { BadPageToken } from './adapters/page-token.ts';
import { logger, tracer } from './adapters/powertools.ts';
import { HttpError, json } from './api/http.ts';
import { matchRoute } from './api/routes.ts';

export async function handleRequest(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext?.http?.method ?? 'GET';
  const path = event.rawPath ?? event.requestContext?.http?.path ?? '/';
  try {
    const match = matchRoute(method, path);
    if (!match) throw new HttpError(404, `no route ${method} ${path}`);
    if ('allowed' in match) return { ...json(405, { message: `${method} not allowed on ${path}` }), headers: { allow: match.allowed.join(', ') } };
    const result = await match.route.run(event, match.params);
    if (result.contentType) {
      return { statusCode: result.status, headers: { 'content-type': result.contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...result.headers }, body: String(result.body) };
    }
    return json(result.status, result.body);
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { message: error.message, ...(error.details ? { details: error.details } : {}) });
    if (error instanceof BadPageToken) return json(400, { message: error.message });
    logger.error('request failed', { error: error as Error, method, path });
    return json(500, { message: 'internal error' });
  }
}

export const handler = middy(handleRequest)
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { clearState: true }));
