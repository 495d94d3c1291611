/** Growable Float64 columns for streamed samples. */
export class SampleColumns {
  time: Float64Array;
  left: Float64Array;
  right: Float64Array;
  n = 0;

  constructor(capacity = 16_384) {
    this.time = new Float64Array(capacity);
    this.left = new Float64Array(capacity);
    this.right = new Float64Array(capacity);
  }

  push(t: number, l: number, r: number): void {
    if (this.n === this.time.length) this.grow();
    this.time[this.n] = t;
    this.left[this.n] = l;
    this.right[this.n] = r;
    this.n++;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const g = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.time = g(this.time);
    this.left = g(this.left);
    this.right = g(this.right);
  }
}
