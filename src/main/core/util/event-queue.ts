// Callbacks on one side (a server subscription, a listener), an async iterator a local tRPC
// subscription can yield from on the other. Events keep their order until taken; a failure is
// thrown after what came before it; after end() the reader stops once the queue is drained.
export class EventQueue<T> {
  private readonly items: T[] = [];
  private failure: { error: unknown } | null = null;
  private ended = false;
  private wake: (() => void) | null = null;

  // `same`: an event already waiting that makes this one redundant (one refetch, not many).
  push(item: T, same?: (waiting: T) => boolean): void {
    if (same && this.items.some(same)) return;
    this.items.push(item);
    this.notify();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  // Yields until ended, failed, or `alive` says the reader's reason to listen is gone (checked
  // before every event, so nothing queued for a previous session reaches the next one).
  async *drain(alive: () => boolean = () => true): AsyncGenerator<T> {
    while (alive()) {
      if (this.items.length) {
        yield this.items.shift()!;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }
}
