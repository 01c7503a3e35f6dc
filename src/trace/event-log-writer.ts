// Writes a trace's events as they are, one JSON object per line, in posting order: a real run's
// log as Spark wrote it (`srh run --backend spark --eventlog`), or a simulated trace's own text
// (determinism checks). A simulated run's log for Spark's tools is spark-log-writer.ts's. The
// write is atomic (temp file + rename), so an interrupted run never leaves half a log behind.
// The project's logs are known by a Spark property of their application (WRITTEN_BY_PROPERTY in
// EnvironmentUpdate's Spark Properties: the runner sets it on real runs, spark-log-writer.ts writes
// it), so `--eventlog` knows its own earlier outputs from files it must not replace
// (src/cli/output-guard.ts) with every field as Spark writes it.
import { writeChunksAtomic } from '../fs/atomic-write.js';
import type { TraceEvent } from './events.js';

/** The Spark property that marks an application the project ran or simulated, and its value. */
export const WRITTEN_BY_PROPERTY = 'spark.sparkretryharness.writtenBy';
export const WRITTEN_BY = 'spark-retry-harness';

/** One event as a log line. */
function lineOf(e: TraceEvent): string {
  return JSON.stringify(e) + '\n';
}

export function eventLogText(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) out += lineOf(e);
  return out;
}

/** The log in chunks of about 1 MB: a long run's log can exceed the longest string. */
function* eventLogChunks(events: readonly TraceEvent[]): Generator<string> {
  let chunk = '';
  for (const e of events) {
    chunk += lineOf(e);
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

export function writeEventLog(path: string, events: readonly TraceEvent[]): void {
  writeChunksAtomic(path, eventLogChunks(events));
}
