/** Transparent, streaming gunzip: sniffs the 1f 8b magic on the first bytes and decompresses with node:zlib. */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export async function* maybeGunzip(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let first: Buffer = Buffer.alloc(0);
  // Two bytes are needed to see the magic; chunks may be smaller.
  while (first.length < 2) {
    const next = await it.next();
    if (next.done) {
      if (first.length > 0) yield first;
      return;
    }
    first = first.length === 0 ? next.value : Buffer.concat([first, next.value]);
  }
  if (first[0] !== 0x1f || first[1] !== 0x8b) {
    yield first;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    return;
  }
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => {
      let pendingFirst: Buffer | null = first;
      return {
        next: async () => {
          if (pendingFirst) {
            const value = pendingFirst;
            pendingFirst = null;
            return { done: false, value };
          }
          return it.next();
        },
        return: async () => (it.return ? it.return() : { done: true, value: undefined }),
      };
    },
  };
  // pipeline forwards a source error (or a corrupt stream) to the gunzip side, where the loop below throws it.
  const gunzip = pipeline(Readable.from(rest, { objectMode: false }), createGunzip(), () => {});
  for await (const chunk of gunzip) yield chunk as Buffer;
}
