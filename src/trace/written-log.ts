// The simulated trace a log `srh run --eventlog` wrote came from, recovered from the log's events
// as readEventLog returns them (Partition IDs restored): the inverse of spark-log-writer.ts, so a
// round trip — simulate, write, read back — can be checked to give the same trace. It leaves out
// what the writer added in Spark's name (the ResourceProfile, the environment, a cluster driver's
// block manager, BlockManagerRemoved, Spark's streaming query events, our partition lists),
// drops the fields the writer added, puts ApplicationStart back right after LogStart, and moves
// every time back to simulated ms (the ApplicationStart's time is simulated time 0).
import type { RddInfoJson, StageInfoJson, TaskInfoJson, TraceEvent } from './events.js';
import { STAGE_PARTITIONS_EVENT } from './partition-ids.js';

type Json = Record<string, unknown>;

/** Events only the writer adds: none of them is in a simulated trace. */
const WRITER_ONLY = new Set([
  'SparkListenerResourceProfileAdded',
  'SparkListenerEnvironmentUpdate',
  'SparkListenerBlockManagerRemoved',
  STAGE_PARTITIONS_EVENT,
]);

export function simulatedEventsOf(events: readonly TraceEvent[]): TraceEvent[] {
  const start = events.find((e) => e.Event === 'SparkListenerApplicationStart');
  const origin = start?.Event === 'SparkListenerApplicationStart' ? start.Timestamp : 0;
  const back = (t: number): number => (t === 0 ? 0 : t - origin);
  const out: TraceEvent[] = [];
  let driverExecutor = false;
  for (const e of events) {
    const name = e.Event as string;
    if (WRITER_ONLY.has(name) || name.startsWith('org.apache.spark.')) continue;
    if (e.Event === 'SparkListenerExecutorAdded' && e['Executor ID'] === 'driver') driverExecutor = true;
    // A cluster's driver block manager: the simulator's traces have block managers of executors only.
    if (e.Event === 'SparkListenerBlockManagerAdded' && e['Block Manager ID']['Executor ID'] === 'driver' && !driverExecutor) continue;
    if (e.Event === 'SparkListenerApplicationStart') out.splice(out[0]?.Event === 'SparkListenerLogStart' ? 1 : 0, 0, simulated(e, back));
    else out.push(simulated(e, back));
  }
  return out;
}

function simulated(e: TraceEvent, back: (t: number) => number): TraceEvent {
  const x = e as unknown as Json;
  switch (e.Event) {
    case 'SparkListenerExecutorAdded':
      return { ...e, Timestamp: back(e.Timestamp), 'Executor Info': { ...e['Executor Info'], 'Log Urls': {} } };
    case 'SparkListenerBlockManagerAdded':
      return { Event: e.Event, 'Block Manager ID': e['Block Manager ID'], 'Maximum Memory': e['Maximum Memory'], Timestamp: back(e.Timestamp) };
    case 'SparkListenerJobStart':
      return { ...e, 'Submission Time': back(e['Submission Time']), 'Stage Infos': e['Stage Infos'].map((si) => stageInfo(si, back)) };
    case 'SparkListenerJobEnd':
      return { ...e, 'Completion Time': back(e['Completion Time']) };
    case 'SparkListenerStageSubmitted':
    case 'SparkListenerStageCompleted':
      return { ...e, 'Stage Info': stageInfo(e['Stage Info'], back) };
    case 'SparkListenerTaskStart':
    case 'SparkListenerTaskGettingResult':
      return { ...e, 'Task Info': taskInfo(e['Task Info'], back) };
    case 'SparkListenerTaskEnd':
      return taskEnd(e, back);
    default:
      return (typeof x.Timestamp === 'number' ? { ...x, Timestamp: back(x.Timestamp) } : x) as unknown as TraceEvent;
  }
}

function taskEnd(e: Extract<TraceEvent, { Event: 'SparkListenerTaskEnd' }>, back: (t: number) => number): TraceEvent {
  const { 'Task Executor Metrics': _executorMetrics, 'Task Metrics': _metrics, ...rest } = e as typeof e & Json;
  const reason = e['Task End Reason'];
  const simReason = 'Accumulator Updates' in reason ? { ...reason, 'Accumulator Updates': [] } : reason;
  return { ...rest, 'Task End Reason': simReason, 'Task Info': taskInfo(e['Task Info'], back) } as TraceEvent;
}

function taskInfo(ti: TaskInfoJson, back: (t: number) => number): TaskInfoJson {
  return {
    ...ti,
    'Launch Time': back(ti['Launch Time']),
    'Getting Result Time': back(ti['Getting Result Time']),
    'Finish Time': back(ti['Finish Time']),
    Accumulables: [],
  };
}

function stageInfo(si: StageInfoJson, back: (t: number) => number): StageInfoJson {
  const out: StageInfoJson = {
    'Stage ID': si['Stage ID'],
    'Stage Attempt ID': si['Stage Attempt ID'],
    'Stage Name': si['Stage Name'],
    'Number of Tasks': si['Number of Tasks'],
    'RDD Info': si['RDD Info'].map(rddInfo),
    'Parent IDs': si['Parent IDs'],
    Details: si.Details,
    Accumulables: [],
    'Resource Profile Id': si['Resource Profile Id'],
  };
  if (si['Submission Time'] !== undefined) out['Submission Time'] = back(si['Submission Time']);
  if (si['Completion Time'] !== undefined) out['Completion Time'] = back(si['Completion Time']);
  if (si['Failure Reason'] !== undefined) out['Failure Reason'] = si['Failure Reason'];
  return out;
}

function rddInfo(r: RddInfoJson): RddInfoJson {
  return { 'RDD ID': r['RDD ID'], Name: r.Name, Callsite: r.Callsite, 'Parent IDs': r['Parent IDs'], 'Number of Partitions': r['Number of Partitions'] };
}
