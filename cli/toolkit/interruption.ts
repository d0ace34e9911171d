// Ctrl-C or SIGTERM during a long walk stops it gently, so that it can say what it did and where to resume.

/** The shell's exit code of a process stopped by each signal. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface Interruption {
  /** Aborted on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal that came, if one did. */
  stoppedBy(): StopSignal | undefined;
  /** Gives the signals back their default (a second Ctrl-C then ends the process at once). */
  release(): void;
}

export const catchInterruption = (): Interruption => {
  const controller = new AbortController();
  let stoppedBy: StopSignal | undefined;
  const handlers = Object.fromEntries(
    Object.keys(SIGNAL_EXIT_CODES).map((name) => [
      name,
      () => {
        stoppedBy ??= name as StopSignal;
        controller.abort();
      },
    ]),
  );
  for (const [name, handler] of Object.entries(handlers)) process.once(name, handler);
  return {
    signal: controller.signal,
    stoppedBy: () => stoppedBy,
    release: () => {
      for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
    },
  };
};
