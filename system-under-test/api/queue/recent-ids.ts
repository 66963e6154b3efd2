/** The last `limit` ids added, oldest forgotten first: BullMQ's removeOnComplete / removeOnFail with a count. */
export class RecentIds {
  private readonly ids = new Set<string>(); // a Set iterates in insertion order: the first is the oldest

  constructor(private readonly limit: number) {}

  add(id: string): void {
    this.ids.delete(id); // added again: it is now the newest
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }
}
