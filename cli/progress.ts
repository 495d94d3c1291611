/**
 * A progress bar on stderr: redrawn in place on a terminal (when its percentage or suffix changes), a line
 * per quarter otherwise.
 */
export class ProgressBar {
  private lastQuarter = -1;
  private lastDrawn = '';
  private done = 0;
  private readonly label: string;
  private readonly total: number;
  private readonly tty: boolean;
  private readonly write: (text: string) => void;
  /** How done/total reads: megabytes (a file's bytes) or a count of parts. */
  private readonly amount: (done: number, total: number) => string;

  constructor(label: string, total: number, tty = Boolean(process.stderr.isTTY), write = (text: string) => void process.stderr.write(text), unit: 'MB' | 'parts' = 'MB') {
    this.label = label;
    this.total = total;
    this.tty = tty;
    this.write = write;
    this.amount = unit === 'MB' ? (d, t) => `${mb(d)}/${mb(t)} MB` : (d, t) => `${d}/${t} parts`;
  }

  /** `done` may come from threads reading ahead of one another: the bar never moves back. */
  update(done: number, suffix = ''): void {
    if (done < this.done) done = this.done;
    this.done = done;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    if (this.tty) {
      const key = `${Math.floor(fraction * 100)} ${suffix}`;
      if (key === this.lastDrawn) return;
      this.lastDrawn = key;
      const width = 30;
      const filled = Math.round(fraction * width);
      this.write(
        `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
          `${this.amount(done, this.total)} ${suffix}\u001b[K`,
      );
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      this.write(`${this.label} ${quarter * 25}% (${this.amount(done, this.total)})\n`);
    }
  }

  finish(message: string): void {
    this.write(this.tty ? `\r${this.label} ${message}\u001b[K\n` : `${this.label} ${message}\n`);
  }
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
