// A streaming query's identity (streaming spec §3): its id (fixed for the checkpoint), a runId per
// start, and the prettyId used in StreamingQueryException messages. Ids are UUID-shaped and come
// from a seeded stream, so they are the same on every run of the scenario.
import type { RandomStream } from '../sim/random-streams.js';

export function seededUuid(rng: RandomStream): string {
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += rng.int(16).toString(16);
    return s;
  };
  // Version 4 layout: xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(4)]}${hex(3)}-${hex(12)}`;
}

/** `<name> [id = <id>, runId = <runId>]`, or without the name when the query has none. */
export function prettyIdString(name: string | null, id: string, runId: string): string {
  const ids = `[id = ${id}, runId = ${runId}]`;
  return name === null ? ids : `${name} ${ids}`;
}

/** StreamingQueryException's message (streaming spec §3). */
export function queryTerminatedMessage(prettyId: string, causeMessage: string): string {
  return `Query ${prettyId} terminated with exception: ${causeMessage}`;
}

export class QueryIdentity {
  readonly id: string;
  private readonly rng: RandomStream;

  constructor(
    rng: RandomStream,
    readonly name: string | null,
  ) {
    this.rng = rng;
    this.id = seededUuid(rng);
  }

  newRunId(): string {
    return seededUuid(this.rng);
  }

  /** Any other random UUID the query draws (the epoch coordinator's suffix, say). */
  newUuid(): string {
    return seededUuid(this.rng);
  }
}
