/**
 * Values a request can draw on: what `setup` returned, plus a per-request sequence number and uuid.
 * On its own so that the scenario schema and the template filler both use it without importing each other.
 */
export interface RequestContext {
  vars: Record<string, unknown>;
  seq: number;
  uuid: string;
  /** Flows: the virtual user's own session (what `users.session` returned and captures stored), and its number. */
  session?: Record<string, unknown>;
  user?: number;
}
