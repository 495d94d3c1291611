/** The digests SQS returns with a sent message, which the SDK checks (MD5OfMessageBody, MD5OfMessageAttributes). */
import { createHash } from 'node:crypto';
import type { MessageAttribute } from './queue-log.ts';

export const md5OfBody = (body: string): string => createHash('md5').update(body, 'utf8').digest('hex');

/**
 * SQS's documented attribute digest: for each attribute in name order, the name, the data type, a
 * transport byte (1 string, 2 binary) and the value, each string or value preceded by its 4-byte length.
 */
export function md5OfAttributes(attributes: Record<string, MessageAttribute>): string {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name]!;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(a.DataType, 'utf8'));
    if (a.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(a.BinaryValue, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(a.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
