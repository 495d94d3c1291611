import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';

export class HttpError extends Error {
  readonly status: number;
  readonly details: unknown;
  constructor(status: number, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

export function json(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    // nosniff: a browser never renders a JSON answer (names like `<script>` are data) as HTML.
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: JSON.stringify(body),
  };
}

/** Parses with zod; a failure is a 400 naming every offending field. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.') || where, message: i.message }));
  throw new HttpError(400, `invalid ${where}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}

/** Request bodies are small JSON documents (an upload request, team settings); anything larger is refused. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The request's JSON body: 413 past MAX_BODY_BYTES (measured after base64 decoding), 400 when not JSON. */
export function jsonBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>, expected: string): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new HttpError(413, `the body is ${bytes.length.toLocaleString('en')} bytes; the limit is ${MAX_BODY_BYTES.toLocaleString('en')} bytes`);
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new HttpError(400, `invalid body: expected JSON ${expected}`);
  }
}
