/** A progress bar on stderr: redrawn in place on a terminal, a line per quarter otherwise. */
export class ProgressBar {
  private lastQuarter = -1;
  private readonly label: string;
  private readonly total: number;
  private readonly tty: boolean;

  constructor(label: string, total: number, tty = Boolean(process.stderr.isTTY)) {
    this.label = label;
    this.total = total;
    this.tty = tty;
  }

  update(done: number, suffix = ''): void {
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    if (this.tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(
        `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
          `${mb(done)}/${mb(this.total)} MB ${suffix}\u001b[K`,
      );
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      process.stderr.write(`${this.label} ${quarter * 25}% (${mb(done)}/${mb(this.total)} MB)\n`);
    }
  }

  finish(message: string): void {
    process.stderr.write(this.tty ? `\r${this.label} ${message}\u001b[K\n` : `${this.label} ${message}\n`);
  }
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
