/**
 * Runs single-item requests from many concurrent callers as batched calls. While a batch is in flight, new
 * requests wait and go out together as the next batch, so there is no timer and no added wait: under light load
 * each request runs alone at once, and under load the calls per item fall as the load rises. A failed batch fails
 * every request in it (they are retried as their callers retry); `runBatch` answers one output per input, in order.
 */
export class Coalescer<I, O> {
  private readonly waiting: Array<{ input: I; resolve: (output: O) => void; reject: (error: unknown) => void }> = [];
  private inFlight = 0;

  constructor(
    private readonly runBatch: (inputs: readonly I[]) => Promise<readonly O[]>,
    private readonly options: { maxBatch: number; maxInFlight: number } = { maxBatch: 64, maxInFlight: 1 },
  ) {}

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.inFlight < this.options.maxInFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight += 1;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.options.maxBatch);
        try {
          const outputs = await this.runBatch(batch.map((entry) => entry.input));
          if (outputs.length !== batch.length) throw new Error(`a batch of ${batch.length} answered ${outputs.length}`);
          batch.forEach((entry, index) => entry.resolve(outputs[index] as O));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.inFlight -= 1;
    }
  }
}
