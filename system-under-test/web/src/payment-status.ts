/**
 * A payment's status only moves forward: pending → processing → completed | failed. Updates reach the client over
 * two paths (the POST's answer, the socket), in either order, so the later of two statuses is the one kept.
 * `sending` is the client's own: a payment the API has not answered yet (an optimistic row).
 */
const RANK: Record<string, number> = { sending: -1, pending: 0, processing: 1, completed: 2, failed: 2 };

export function isFinal(status: string): boolean {
  return status === 'completed' || status === 'failed';
}

/** The status to keep of the one held and one just heard. */
export function laterStatus(held: string, heard: string): string {
  return (RANK[heard] ?? 0) > (RANK[held] ?? 0) ? heard : held;
}
