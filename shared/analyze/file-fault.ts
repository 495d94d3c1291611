/**
 * A fault of the file itself found while reading it: a gzip stream cut short, bytes that are no text, a
 * record longer than the CSV reader's limit. The file is rejected as a whole with this reason; the rows read
 * before the fault are kept (and the reason says so). It is never an infrastructure error: an upload with a
 * FileFault is `rejected`, not `failed`, and is not retried.
 */
export class FileFault extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'FileFault';
    this.code = code;
  }
}

/** A FileFault, or one that crossed a worker thread as a plain object ({ fileFault: true, code, message }). */
export function asFileFault(error: unknown): FileFault | null {
  if (error instanceof FileFault) return error;
  const e = error as { fileFault?: unknown; code?: unknown; message?: unknown } | null;
  if (e && e.fileFault === true && typeof e.code === 'string' && typeof e.message === 'string') return new FileFault(e.code, e.message);
  return null;
}

/** What a worker thread posts for a FileFault (an Error's class does not survive the structured clone). */
export const faultMessage = (fault: FileFault) => ({ fileFault: true as const, code: fault.code, message: fault.message });

/**
 * An error of the stream the file is read from (an S3 body dropped mid-read, a disk error): not the file's
 * fault, so it fails the upload (and SQS retries it). Readers that turn any error into a rejection rethrow it.
 */
export class SourceReadError extends Error {
  constructor(cause: unknown) {
    super((cause as Error)?.message ?? String(cause), { cause });
    this.name = 'SourceReadError';
  }
}

/** The chunks of `source`, its own errors rethrown as SourceReadError. */
export async function* guardSource<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await it.next();
      } catch (error) {
        throw error instanceof SourceReadError ? error : new SourceReadError(error);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await it.return?.();
  }
}
