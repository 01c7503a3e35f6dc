// A quick test of the shape of the events a log holds most of (TaskStart, TaskEnd): true when
// every field the checks read has its JSON type, so the full schema (event-log-shape.ts, zod)
// runs only for other events and to word the error of a line that fails here.
import type { TraceEvent } from './events.js';

const int = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);
const optNum = (v: unknown): boolean => v === undefined || v === null || typeof v === 'number';

function taskInfoOk(ti: unknown): boolean {
  if (ti === null || typeof ti !== 'object') return false;
  const t = ti as Record<string, unknown>;
  return (
    int(t['Task ID']) &&
    int(t.Index) &&
    int(t.Attempt) &&
    typeof t['Executor ID'] === 'string' &&
    typeof t.Host === 'string' &&
    optNum(t['Launch Time']) &&
    optNum(t['Finish Time'])
  );
}

/** True when the event surely has the shape the checks need; false means "ask the full schema". */
export function fastShapeOk(e: TraceEvent): boolean {
  const x = e as unknown as Record<string, unknown>;
  if (e.Event === 'SparkListenerTaskStart') return int(x['Stage ID']) && int(x['Stage Attempt ID']) && taskInfoOk(x['Task Info']);
  if (e.Event === 'SparkListenerTaskEnd') {
    const r = x['Task End Reason'] as Record<string, unknown> | null | undefined;
    return (
      int(x['Stage ID']) && int(x['Stage Attempt ID']) && r !== null && typeof r === 'object' && typeof r.Reason === 'string' && taskInfoOk(x['Task Info'])
    );
  }
  return false;
}
