import { z } from 'zod';

export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * What one listing reads, so a token can be checked against it: the partition, the prefix of the
 * table's sort key, and for an index listing the index's sort-key attribute and prefix.
 */
export interface Listing {
  pk: string;
  skPrefix: string;
  index?: { attribute: 'lsi1sk'; prefix: string };
}

/** Opaque pagination token: the last evaluated key, base64url JSON. */
export function encodePageToken(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export class BadPageToken extends Error {}

/** DynamoDB's limit for a sort key (1,024 bytes); a partition key is shorter still. */
const MAX_KEY_BYTES = 1024;
/** A key of three attributes at their limits fits in well under this. */
export const MAX_PAGE_TOKEN_CHARS = 6 * 1024;
const KeyPart = z.string().min(1).refine((v) => Buffer.byteLength(v) <= MAX_KEY_BYTES);
const TableKey = z.object({ pk: KeyPart, sk: KeyPart }).strict();
const IndexKey = z.object({ pk: KeyPart, sk: KeyPart, lsi1sk: KeyPart }).strict();

/**
 * Decodes a token and checks it is a key this listing could have issued: exactly the listing's key
 * attributes, its partition, and sort keys inside its prefixes. Anything else is a 400, so a token can
 * neither move a query into another partition (another team) nor make DynamoDB refuse a start key
 * outside the query's range. Tokens are not signed: a token that passes names a position inside the
 * caller's own listing, which the listing could have issued.
 */
export function decodePageToken(token: string | undefined, listing: Listing): Record<string, string> | undefined {
  if (token === undefined || token === '') return undefined;
  const notOurs = () => new BadPageToken('next: not a token this listing issued');
  if (token.length > MAX_PAGE_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) throw notOurs();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  const key = (listing.index ? IndexKey : TableKey).safeParse(parsed);
  if (!key.success) throw notOurs();
  const k = key.data as Record<string, string>;
  const inRange = k.pk === listing.pk && k.sk!.startsWith(listing.skPrefix) && (!listing.index || k[listing.index.attribute]!.startsWith(listing.index.prefix));
  if (!inRange) throw notOurs();
  return k;
}
