/**
 * Lambda's execution model for one function: each invocation runs in a sandbox (a child process,
 * lambda-sandbox.ts) that serves one invocation at a time; sandboxes are reused while warm and retired
 * after `idleMs` without work.
 *
 * A timeout kills the sandbox (SIGKILL): the work stops where it is, as on Lambda, instead of running on
 * beside its own retry. The heap limit is the function's memory size; running out of it, an uncaught
 * error or a `process.exit` in the handler ends that sandbox only and fails its invocation.
 *
 * Processes, not worker threads: measured here, a terminated worker thread's heap pages stayed resident
 * in the runtime's process (V8 pools them; 159 of 185 MB still resident 3 s after termination, released
 * only by a later memory-reducing GC of the main isolate, which an idle runtime does not run), while an
 * exited process gives everything back at once. Cold starts cost the same (0.7–1.4 s for the ingest
 * handler either way, load average 6 on 2 cores).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Invocation, InvocationReply, SandboxNotice, SandboxSetup } from './lambda-sandbox.ts';

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
  process: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
  idleTimer?: NodeJS.Timeout;
  /** Ends the invocation in progress (crash, timeout, shutdown). */
  abort?: (result: InvokeResult) => void;
}

const SANDBOX_ENTRY = fileURLToPath(new URL('./lambda-sandbox.ts', import.meta.url));
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
        box.process.off('message', onMessage);
        box.abort = undefined;
        resolve(result);
      };
      let timer: NodeJS.Timeout | undefined;
      const id = this.nextId++;
      const onMessage = (reply: InvocationReply | SandboxNotice) => {
        if (!('id' in reply) || reply.id !== id) return;
        if (reply.ok) {
          this.idle(box);
          finish({ ok: true, result: reply.result, recordErrors: reply.recordErrors ?? {}, durationMs: elapsed(), coldStart });
        } else if (reply.error.name === MIDDY_TIMEOUT) {
          void this.retire(box);
          finish({ ok: false, kind: 'timeout', error: this.timeoutMessage(), durationMs: elapsed(), coldStart });
        } else {
          this.idle(box);
          finish({ ok: false, kind: 'error', error: `${reply.error.name}: ${reply.error.message}`, durationMs: elapsed(), coldStart });
        }
      };
      box.abort = finish;
      box.process.on('message', onMessage);
      box.ready.then(
        () => {
          if (settled) return;
          const deadline = Date.now() + this.config.timeoutMs;
          timer = setTimeout(() => {
            void this.retire(box);
            finish({ ok: false, kind: 'timeout', error: this.timeoutMessage(), durationMs: elapsed(), coldStart });
          }, this.config.timeoutMs);
          const invocation: Invocation = { id, event, deadline, requestId: randomUUID() };
          box.process.send(invocation);
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
    const setup: SandboxSetup = { module: this.config.module, exportName: this.config.exportName ?? 'handler', functionName: this.config.name, memoryMb: this.config.memoryMb };
    const child = fork(SANDBOX_ENTRY, [JSON.stringify(setup)], {
      env: { ...process.env, ...this.config.env },
      // Not the runtime's own flags (a test runner's, an inspector's): the function's memory size.
      execArgv: [`--max-old-space-size=${this.config.memoryMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    this.started++;
    let fatal: string | undefined;
    let outOfMemory = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (chunk.includes('heap out of memory')) outOfMemory = true;
      process.stderr.write(chunk);
    });
    const sandbox: Sandbox = {
      process: child,
      busy: false,
      ready: new Promise<void>((resolve, reject) => {
        const initTimer = setTimeout(() => reject(new Error(`no response within ${INIT_TIMEOUT_MS} ms`)), INIT_TIMEOUT_MS);
        const onNotice = (m: SandboxNotice | InvocationReply) => {
          if ('fatal' in m) fatal = m.fatal;
          if (!('ready' in m)) return;
          clearTimeout(initTimer);
          child.off('message', onNotice);
          resolve();
        };
        child.on('message', onNotice);
        child.once('exit', () => {
          clearTimeout(initTimer);
          reject(new Error(fatal ?? 'the sandbox exited during init'));
        });
      }),
    };
    sandbox.ready.catch(() => this.retire(sandbox));
    child.on('message', (m: SandboxNotice | InvocationReply) => {
      if ('fatal' in m) fatal = m.fatal;
    });
    child.on('error', (error) => void this.retire(sandbox, { ok: false, kind: 'crash', error: `Runtime failed: ${error.message}`, durationMs: 0, coldStart: false }));
    child.on('exit', (code, signal) => {
      // Let stderr drain first: it says whether the heap ran out.
      setImmediate(() => {
        const error = outOfMemory
          ? `Runtime exited: out of memory (${this.config.memoryMb} MB)`
          : fatal
            ? `Runtime exited with error: ${fatal}`
            : `Runtime exited with ${signal ? `signal ${signal}` : `code ${code}`}`;
        void this.retire(sandbox, { ok: false, kind: 'crash', error, durationMs: 0, coldStart: false });
      });
    });
    this.sandboxes.add(sandbox);
    return sandbox;
  }

  private idle(sandbox: Sandbox): void {
    sandbox.busy = false;
    if (this.stopped) return void this.retire(sandbox);
    sandbox.idleTimer = setTimeout(() => void this.retire(sandbox), this.config.idleMs ?? 10_000);
    sandbox.idleTimer.unref();
  }

  /** Ends a sandbox (its invocation, if any, with `result`) and waits for its process to be gone. */
  private async retire(sandbox: Sandbox, result?: InvokeResult): Promise<void> {
    if (result) sandbox.abort?.(result);
    clearTimeout(sandbox.idleTimer);
    if (!this.sandboxes.delete(sandbox)) return;
    const child = sandbox.process;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }
}
