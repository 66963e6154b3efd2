/**
 * Group commit for queue adds: an item handed in while an earlier write is still in flight waits for it, and all
 * that waited go in the next write together. Alone, an item is written at the end of the current event-loop turn
 * (so items of one turn share a write); under load, writes grow with the load and their number does not, with
 * no timer and no added wait beyond the write already in flight.
 */
export class GroupCommit<T> {
  private readonly waiting: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    /** Writes one group; its promise settles every item of the group alike. */
    private readonly write: (items: T[]) => Promise<void>,
    /** The most items one write carries (a longer queue is written in several, one after another). */
    private readonly maxItems: number,
  ) {}

  /** Resolves once the write that carried the item succeeded; rejects with its error. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.writing) return;
      this.writing = true;
      setImmediate(() => this.next());
    });
  }

  private next(): void {
    const group = this.waiting.splice(0, this.maxItems);
    if (group.length === 0) {
      this.writing = false;
      return;
    }
    // A write that throws synchronously settles its group like one that rejects.
    Promise.resolve()
      .then(() => this.write(group.map((g) => g.item)))
      .then(
        () => group.forEach((g) => g.resolve()),
        (error: unknown) => group.forEach((g) => g.reject(error)),
      )
      .finally(() => this.next());
  }
}
