import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';

export type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface GatewayOptions {
  port: number;
  handler: ApiHandler;
  verify: (token: string) => Promise<JWTPayload>;
  context: () => Context;
  maxBodyBytes?: number;
}

/** API Gateway hands claims to the function as strings (arrays as `[a b]`). */
function claimsAsApiGatewayDoes(payload: JWTPayload): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
  return out;
}

/** API Gateway's own payload limit for HTTP APIs (10 MB); the route layer's is smaller still. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

class PayloadTooLarge extends Error {}

/** The body, or PayloadTooLarge as soon as it passes the limit (the rest is never buffered). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLarge(`the body is ${declared.toLocaleString('en')} bytes; the limit is ${limit.toLocaleString('en')} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLarge(`the body is over ${limit.toLocaleString('en')} bytes, the limit`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The local stand-in for the HTTP API: verifies the bearer token (401 without calling the function,
 * as the JWT authorizer does), then builds a payload-2.0 event for the same handler Lambda runs.
 */
export async function startGateway(options: GatewayOptions): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
      res.writeHead(status, { ...headers, 'access-control-allow-origin': '*' });
      res.end(body);
    };
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
        });
        res.end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const auth = req.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      let payload: JWTPayload;
      try {
        if (!token) throw new Error('no token');
        payload = await options.verify(token);
      } catch {
        send(401, JSON.stringify({ message: 'Unauthorized' }));
        return;
      }
      const body = await readBody(req, options.maxBodyBytes ?? GATEWAY_MAX_BODY_BYTES);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
      const method = req.method ?? 'GET';
      const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
        version: '2.0',
        routeKey: '$default',
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(url.search ? { queryStringParameters: query } : {}),
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'local',
          http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
          requestId: crypto.randomUUID(),
          routeKey: '$default',
          stage: '$default',
          time: new Date().toUTCString(),
          timeEpoch: Date.now(),
          authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claimsAsApiGatewayDoes(payload), scopes: [] } },
        },
        ...(body.length ? { body: body.toString('utf8') } : {}),
        isBase64Encoded: false,
      };
      const result = await options.handler(event, options.context());
      const outHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k] = String(v);
      send(result.statusCode ?? 200, result.body ?? '', outHeaders);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        // Answer without reading the rest; the connection is closed so no unread body lingers.
        res.setHeader('connection', 'close');
        send(413, JSON.stringify({ message: error.message }));
        return;
      }
      send(500, JSON.stringify({ message: (error as Error).message }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}
