/**
 * Lambda's execution model for one function, on worker threads: each invocation runs in a sandbox (a
 * worker, lambda-worker.ts) that serves one invocation at a time; sandboxes are reused while warm and
 * retired after `idleMs` without work, which gives their memory back.
 *
 * A timeout terminates the sandbox: the work stops where it is, as on Lambda, instead of running on
 * beside its own retry. The heap limit is the function's memory size; running out of it, an uncaught
 * error or a `process.exit` in the handler ends that sandbox only and fails its invocation.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Invocation, InvocationReply, WorkerSetup } from './lambda-worker.ts';

export interface FunctionConfig {
  name: string;
  /** Absolute path of the handler's module. */
  module: string;
  exportName?: string;
  timeoutMs: number;
  memoryMb: number;
  /** The function's environment, on top of the runtime's. */
  env: Record<string, string>;
  /** Retire a sandbox after this long without an invocation. */
  idleMs?: number;
}

export type InvokeResult =
  | { ok: true; result: unknown; recordErrors: Record<string, string>; durationMs: number; coldStart: boolean }
  | { ok: false; kind: 'error' | 'timeout' | 'crash' | 'shutdown'; error: string; durationMs: number; coldStart: boolean };

interface Sandbox {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  idleTimer?: NodeJS.Timeout;
  /** Ends the invocation in progress (crash, timeout, shutdown). */
  abort?: (result: InvokeResult) => void;
}

const WORKER_ENTRY = new URL('./lambda-worker.ts', import.meta.url);
/** Lambda's own allowance for the init phase, which does not count towards the function's timeout. */
const INIT_TIMEOUT_MS = 10_000;
/** middy ends a handler a few ms before the deadline with this error (timeoutEarlyInMillis): a timeout all the same. */
const MIDDY_TIMEOUT = 'TimeoutError';

export class FunctionPool {
  readonly config: FunctionConfig;
  private readonly sandboxes = new Set<Sandbox>();
  private nextId = 1;
  private stopped = false;
  /** Sandboxes started so far (cold starts). */
  started = 0;

  constructor(config: FunctionConfig) {
    this.config = config;
  }

  get size(): number {
    return this.sandboxes.size;
  }

  async invoke(event: unknown): Promise<InvokeResult> {
    const startedAt = Date.now();
    if (this.stopped) return { ok: false, kind: 'shutdown', error: 'the runtime is stopping', durationMs: 0, coldStart: false };
    let sandbox = [...this.sandboxes].find((s) => !s.busy);
    const coldStart = sandbox === undefined;
    sandbox ??= this.startSandbox();
    sandbox.busy = true;
    clearTimeout(sandbox.idleTimer);
    const box = sandbox;
    const elapsed = () => Date.now() - startedAt;

    return new Promise<InvokeResult>((resolve) => {
      let settled = false;
      const finish = (result: InvokeResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        box.worker.off('message', onMessage);
        box.abort = undefined;
        resolve(result);
      };
      let timer: NodeJS.Timeout | undefined;
      const id = this.nextId++;
      const onMessage = (reply: InvocationReply | { ready: true }) => {
        if (!('id' in reply) || reply.id !== id) return;
        if (reply.ok) {
          this.idle(box);
          finish({ ok: true, result: reply.result, recordErrors: reply.recordErrors ?? {}, durationMs: elapsed(), coldStart });
        } else if (reply.error.name === MIDDY_TIMEOUT) {
          this.retire(box);
          finish({ ok: false, kind: 'timeout', error: this.timeoutMessage(), durationMs: elapsed(), coldStart });
        } else {
          this.idle(box);
          finish({ ok: false, kind: 'error', error: `${reply.error.name}: ${reply.error.message}`, durationMs: elapsed(), coldStart });
        }
      };
      box.abort = finish;
      box.worker.on('message', onMessage);
      box.ready.then(
        () => {
          if (settled) return;
          const deadline = Date.now() + this.config.timeoutMs;
          timer = setTimeout(() => {
            this.retire(box);
            finish({ ok: false, kind: 'timeout', error: this.timeoutMessage(), durationMs: elapsed(), coldStart });
          }, this.config.timeoutMs);
          const invocation: Invocation = { id, event, deadline, requestId: randomUUID() };
          box.worker.postMessage(invocation);
        },
        (error: Error) => finish({ ok: false, kind: 'crash', error: `init failed: ${error.message}`, durationMs: elapsed(), coldStart }),
      );
    });
  }

  /** Terminates every sandbox; invocations in progress end with kind `shutdown`. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.sandboxes].map((s) => this.retire(s, { ok: false, kind: 'shutdown', error: 'the runtime stopped', durationMs: 0, coldStart: false })));
  }

  private timeoutMessage(): string {
    return `Task timed out after ${(this.config.timeoutMs / 1000).toFixed(2)} seconds`;
  }

  private startSandbox(): Sandbox {
    const setup: WorkerSetup = { module: this.config.module, exportName: this.config.exportName ?? 'handler', functionName: this.config.name, memoryMb: this.config.memoryMb };
    const worker = new Worker(WORKER_ENTRY, {
      workerData: setup,
      env: { ...process.env, ...this.config.env },
      resourceLimits: { maxOldGenerationSizeMb: this.config.memoryMb },
      stdout: false,
      stderr: false,
    });
    this.started++;
    const sandbox: Sandbox = {
      worker,
      busy: false,
      ready: new Promise<void>((resolve, reject) => {
        const initTimer = setTimeout(() => reject(new Error(`no response within ${INIT_TIMEOUT_MS} ms`)), INIT_TIMEOUT_MS);
        const onReady = (m: { ready?: boolean }) => {
          if (!m.ready) return;
          clearTimeout(initTimer);
          worker.off('message', onReady);
          resolve();
        };
        worker.on('message', onReady);
        worker.once('error', (e) => {
          clearTimeout(initTimer);
          reject(e);
        });
      }),
    };
    sandbox.ready.catch(() => this.retire(sandbox));
    worker.on('error', (error: Error & { code?: string }) => {
      const message = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `Runtime exited: out of memory (${this.config.memoryMb} MB)` : `Runtime exited with error: ${error.message}`;
      void this.retire(sandbox, { ok: false, kind: 'crash', error: message, durationMs: 0, coldStart: false });
    });
    worker.on('exit', (code) => void this.retire(sandbox, { ok: false, kind: 'crash', error: `Runtime exited with code ${code}`, durationMs: 0, coldStart: false }));
    this.sandboxes.add(sandbox);
    return sandbox;
  }

  private idle(sandbox: Sandbox): void {
    sandbox.busy = false;
    if (this.stopped) return void this.retire(sandbox);
    sandbox.idleTimer = setTimeout(() => void this.retire(sandbox), this.config.idleMs ?? 10_000);
    sandbox.idleTimer.unref();
  }

  /** Ends a sandbox (its invocation, if any, with `result`) and waits for its thread to stop. */
  private async retire(sandbox: Sandbox, result?: InvokeResult): Promise<void> {
    if (result) sandbox.abort?.(result);
    clearTimeout(sandbox.idleTimer);
    if (!this.sandboxes.delete(sandbox)) return;
    await sandbox.worker.terminate();
  }
}
