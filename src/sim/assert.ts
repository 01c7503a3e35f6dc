// Assertions inside the simulator (TigerBeetle's style): a state the simulator's own rules make
// impossible is not handled, it is reported. A failed assertion throws SimulatorBug, which a
// campaign treats like any other crash (property no-crash, src/harness/crash.ts): the scenario is
// shrunk, reported with the stack and saved to the corpus. Spark's own defensive branches for
// races the simulator does not produce are such states; so are broken internal counts.

/** A state the simulator's rules cannot reach: a bug in the simulator, never in the scenario. */
export class SimulatorBug extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorBug';
  }
}

/** Throws SimulatorBug with `message` unless `condition` holds. */
export function assert(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new SimulatorBug(typeof message === 'string' ? message : message());
}
