/**
 * Ctrl-C (SIGINT) or a cancelled CI job (SIGTERM) stops the work through an AbortSignal, so the report of what ran
 * is still written; a second Ctrl-C quits at once. Exit codes: 130 for SIGINT, 143 for SIGTERM.
 */
export interface Interruption {
  signal: AbortSignal;
  /** The signal that stopped the run, if one did. */
  readonly by: 'SIGINT' | 'SIGTERM' | undefined;
  /** 130 or 143 once interrupted. */
  readonly exitCode: number | undefined;
  dispose(): void;
}

export function listenForInterrupts(progress: (line: string) => void): Interruption {
  const controller = new AbortController();
  let by: 'SIGINT' | 'SIGTERM' | undefined;
  const on = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (controller.signal.aborted) process.exit(by === 'SIGTERM' ? 143 : 130);
    by = name;
    progress('interrupted: stopping and writing the report of what ran (Ctrl-C again to quit at once)');
    controller.abort();
  };
  const onSigint = on('SIGINT');
  const onSigterm = on('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    signal: controller.signal,
    get by() {
      return by;
    },
    get exitCode() {
      return by === undefined ? undefined : by === 'SIGTERM' ? 143 : 130;
    },
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
