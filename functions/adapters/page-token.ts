import { z } from 'zod';

export interface Page<T> {
  items: T[];
  next: string | null;
}

const KeySchema = z.record(z.string(), z.string());

/** Opaque pagination token: the last evaluated key, base64url JSON. */
export function encodePageToken(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export class BadPageToken extends Error {}

/**
 * Decodes a token and checks it belongs to the partition being read, so a token can never move a query
 * into another team's partition.
 */
export function decodePageToken(token: string | undefined, pk: string): Record<string, string> | undefined {
  if (token === undefined || token === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new BadPageToken('next: not a token this API issued');
  }
  const key = KeySchema.safeParse(parsed);
  if (!key.success || key.data.pk !== pk) throw new BadPageToken('next: not a token for this listing');
  return key.data;
}
