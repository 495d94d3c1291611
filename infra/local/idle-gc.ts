/**
 * Gives the runtime's memory back once work stops. The runtime's own process serves DynamoDB, S3 and the
 * API for the sandboxes; during an upload V8 grows its young generation to its maximum (134 MB here) and
 * fills the old one with garbage, and an idle process runs no GC that would shrink them: measured, a 10k-row
 * upload left it at 304 MB a minute later (152 MB idle). One full GC a few seconds after the last work
 * brings it back (149 MB about 10 s after the GC, when V8 returns the pages it pooled).
 *
 * `gc` is not exposed without --expose-gc, which `npm start`'s callers do not pass; V8 lets the flag be set
 * at run time, and a new context then carries the function.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

let collect: (() => void) | undefined;
function fullGc(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  private readonly delayMs: number;
  private readonly busy: () => boolean;
  /** Full GCs run so far. */
  collections = 0;

  constructor(delayMs: number, busy: () => boolean) {
    this.delayMs = delayMs;
    this.busy = busy;
  }

  /** Work happened: collect once nothing has happened for `delayMs`. */
  poke(): void {
    if (this.delayMs <= 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.busy()) return this.poke();
      fullGc();
      this.collections++;
    }, this.delayMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
