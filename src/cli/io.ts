// Where a command writes, and the exit codes it returns (ARCHITECTURE §5).
import { useColour } from './colour.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether `out` may carry ANSI colours (a terminal, colour.ts); absent: plain. */
  readonly colour?: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  get colour() {
    return useColour(process.stdout);
  },
};

/**
 * 0 all held, 1 a property or invariant failed, 2 bad input or usage, 3 a run did not terminate,
 * 70 an internal error (EX_SOFTWARE): the harness itself threw, e.g. a checker error on an event log.
 */
export const EXIT = { ok: 0, failed: 1, badInput: 2, didNotTerminate: 3, internalError: 70 } as const;
