/** Transparent, streaming gunzip: sniffs the 1f 8b magic on the first bytes and decompresses with node:zlib. */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FileFault } from '../analyze/file-fault.ts';

/**
 * A gzip that expands more than this many times is refused once it has given MIN_BOMB_BYTES: exports
 * compress 5-15 times, and a decompression bomb would otherwise be read (or held) to its end.
 */
export const MAX_GZIP_RATIO = 200;
export const MIN_BOMB_BYTES = 64 * 1024 * 1024;
/** Whatever the ratio, no upload is read past this many decompressed bytes. */
export const MAX_GUNZIPPED_BYTES = 8 * 1024 * 1024 * 1024;
const GUNZIP_BLOCK = 64 * 1024;

/**
 * A corrupt or truncated gzip stream is a FileFault (the file's fault: rejected, not retried); an error of the
 * source itself (SourceReadError) passes through unchanged.
 */
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
  let compressed = 0;
  // zlib is fed the same 64 KB blocks however the source chunks its bytes: where a cut or damaged stream stops
  // giving output (and so which rows are kept) is then the same offline and in the pipeline.
  const blocks = async function* (): AsyncIterable<Buffer> {
    let pending: Buffer[] = [first];
    let size = first.length;
    for (;;) {
      while (size >= GUNZIP_BLOCK) {
        const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        yield Buffer.from(all.subarray(0, GUNZIP_BLOCK));
        compressed += GUNZIP_BLOCK;
        pending = [all.subarray(GUNZIP_BLOCK)];
        size = pending[0]!.length;
      }
      const next = await it.next();
      if (next.done) break;
      pending.push(Buffer.from(next.value));
      size += next.value.length;
    }
    if (size > 0) {
      compressed += size;
      yield Buffer.concat(pending);
    }
  };
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => {
      const inner = blocks()[Symbol.asyncIterator]();
      return {
        next: () => inner.next(),
        return: async () => {
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
  // pipeline forwards a source error (or a corrupt stream) to the gunzip side, where the loop below throws it.
  const gunzip = pipeline(Readable.from(rest, { objectMode: false }), createGunzip(), () => {});
  let expanded = 0;
  try {
    for await (const chunk of gunzip) {
      expanded += (chunk as Buffer).length;
      if ((expanded >= MIN_BOMB_BYTES && expanded > MAX_GZIP_RATIO * compressed) || expanded > MAX_GUNZIPPED_BYTES) {
        throw new FileFault(
          'gzip-bomb',
          `the gzip stream expands more than ${expanded > MAX_GUNZIPPED_BYTES ? `to ${MAX_GUNZIPPED_BYTES / 1024 ** 3} GB` : `${MAX_GZIP_RATIO} times (${compressed.toLocaleString('en')} bytes gave ${expanded.toLocaleString('en')})`}: a decompression bomb, or not an export`,
        );
      }
      yield chunk as Buffer;
    }
  } catch (error) {
    if (isZlibError(error)) throw new FileFault('broken-gzip', `the gzip stream is cut short or damaged (${(error as Error).message})`);
    throw error;
  } finally {
    gunzip.destroy();
  }
}

/** zlib's own errors carry a `Z_…` code (Z_BUF_ERROR: unexpected end of file; Z_DATA_ERROR: invalid data). */
const isZlibError = (error: unknown) => typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('Z_');
