// `srh run --eventlog OUT`: a simulated trace written as Spark 3.2.0 writes its event log, field
// for field for the events Spark posts (JsonProtocol 3.2.0), so Spark's History Server replays and
// renders it. Besides the trace's own events it writes what the driver posts around them: the
// ResourceProfile and environment at start (spark-log-startup.ts), each executor's and the
// driver's block managers, a lost executor's BlockManagerRemoved, every RDD's storage and
// deterministic level (spark-log-rdds.ts), task metrics (spark-log-metrics.ts) and Spark's own
// streaming query events (spark-log-streaming.ts). Times move onto the wall clock: simulated time 0
// is the scenario's `startTimeMs` (default 2021-10-13T00:00:00Z). The project's own events stay.
//
// TaskInfo's "Partition ID" is a Spark 3.3 field: by default it is left out, and each submitted
// stage attempt is followed by one event of our own, SparkRetryHarnessStagePartitions, from which
// the project's reader restores it (partition-ids.ts); `partitionIds: true` writes the 3.3 field.
// A run that did not terminate is written without ApplicationEnd, as an application still running.
import { DEFAULT_START_TIME_MS, type Scenario } from '../scenario/types.js';
import { writeChunksAtomic } from '../fs/atomic-write.js';
import type { BlockManagerAddressJson, TaskInfoJson, Trace, TraceEvent } from './events.js';
import { STAGE_PARTITIONS_EVENT } from './partition-ids.js';
import { TaskMetricsModel } from './spark-log-metrics.js';
import { sparkStageInfo } from './spark-log-rdds.js';
import { blockManagerAdded, driverBlockManager, environmentUpdate, executorLogUrls, resourceProfileAdded } from './spark-log-startup.js';
import { SparkStreamingEvents } from './spark-log-streaming.js';
import { sparkJsonText } from './spark-json.js';

export interface SparkLogOptions {
  /** Write TaskInfo's "Partition ID" (Spark 3.3+) instead of SparkRetryHarnessStagePartitions events. */
  partitionIds?: boolean;
}

type Json = Record<string, unknown>;
type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;

export function writeSparkEventLog(path: string, trace: Trace, scenario: Scenario, options: SparkLogOptions = {}): void {
  writeChunksAtomic(path, sparkEventLogChunks(trace, scenario, options));
}

/** The log's lines, about 1 MB at a time: a long run's log can exceed the longest string. */
function* sparkEventLogChunks(trace: Trace, scenario: Scenario, options: SparkLogOptions): Generator<string> {
  let chunk = '';
  for (const e of sparkEventLog(trace, scenario, options)) {
    chunk += sparkJsonText(e) + '\n';
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** The log's events in order, as JSON-able objects (Java doubles as JavaDouble). */
export function* sparkEventLog(trace: Trace, scenario: Scenario, options: SparkLogOptions = {}): Generator<Json> {
  const w = new SparkLogWriter(trace, scenario, options);
  for (const e of trace.events) yield* w.event(e);
  yield* w.end();
}

class SparkLogWriter {
  private readonly origin: number;
  private readonly local: boolean;
  private readonly metrics = new TaskMetricsModel();
  private readonly streaming: SparkStreamingEvents;
  /** Per stage attempt ("stage.attempt"): the partition each launched task index ran. */
  private readonly partitions: Map<string, (number | null)[]>;
  private readonly blockManagers = new Map<string, BlockManagerAddressJson>();
  private appStart: Json | null = null;
  private appId = '';
  /** A lost executor's BlockManagerRemoved, due once the task ends its loss caused are written. */
  private pendingRemoval: { executorId: string; timestamp: number } | null = null;

  constructor(
    private readonly trace: Trace,
    private readonly scenario: Scenario,
    private readonly options: SparkLogOptions,
  ) {
    this.origin = scenario.startTimeMs ?? DEFAULT_START_TIME_MS;
    this.local = scenario.cluster.parsedMaster.kind === 'local';
    this.streaming = new SparkStreamingEvents(scenario.workload, (t) => this.wall(t));
    this.partitions = options.partitionIds === true ? new Map() : stagePartitions(trace.events);
  }

  private wall(simulatedMs: number): number {
    return this.origin + simulatedMs;
  }

  *event(e: TraceEvent): Generator<Json> {
    if (this.pendingRemoval !== null && !this.endOfLostTask(e)) yield* this.blockManagerRemoved();
    yield* this.streaming.before(e);
    yield* this.converted(e);
    yield* this.streaming.after(e);
  }

  *end(): Generator<Json> {
    if (this.pendingRemoval !== null) yield* this.blockManagerRemoved();
  }

  private endOfLostTask(e: TraceEvent): boolean {
    return e.Event === 'SparkListenerTaskEnd' && e['Task Info']['Executor ID'] === this.pendingRemoval!.executorId;
  }

  /** The pending removal, when the executor's block manager was registered. */
  private *blockManagerRemoved(): Generator<Json> {
    const r = this.pendingRemoval!;
    this.pendingRemoval = null;
    const id = this.blockManagers.get(r.executorId);
    if (id !== undefined) yield { Event: 'SparkListenerBlockManagerRemoved', 'Block Manager ID': id, Timestamp: r.timestamp };
  }

  private *converted(e: TraceEvent): Generator<Json> {
    switch (e.Event) {
      case 'SparkListenerLogStart':
        yield e as unknown as Json;
        yield resourceProfileAdded();
        return;
      case 'SparkListenerApplicationStart':
        yield* this.applicationStart(e);
        return;
      case 'SparkListenerApplicationEnd':
        if (this.trace.status === 'finished') yield { Event: e.Event, Timestamp: this.wall(e.Timestamp) };
        return;
      case 'SparkListenerExecutorAdded':
        yield this.executorAdded(e);
        return;
      case 'SparkListenerBlockManagerAdded':
        yield* this.blockManagerAdded(e);
        return;
      case 'SparkListenerExecutorRemoved':
        this.pendingRemoval = { executorId: e['Executor ID'], timestamp: this.wall(e.Timestamp) };
        yield { ...e, Timestamp: this.wall(e.Timestamp) };
        return;
      default:
        yield* this.schedulerEvent(e);
    }
  }

  /** Spark posts the environment, then ApplicationStart, once the driver's block manager is up. */
  private *applicationStart(e: Ev<'SparkListenerApplicationStart'>): Generator<Json> {
    this.appId = e['App ID'];
    this.appStart = { ...e, Timestamp: this.wall(e.Timestamp) };
    if (this.local) return; // after the driver's BlockManagerAdded
    yield blockManagerAdded(driverBlockManager(this.scenario), this.wall(e.Timestamp));
    yield* this.environmentAndStart();
  }

  private *environmentAndStart(): Generator<Json> {
    const a = this.appStart!;
    this.appStart = null;
    yield environmentUpdate(this.scenario, {
      id: a['App ID'] as string,
      name: a['App Name'] as string,
      startTimeMs: a.Timestamp as number,
      user: a.User as string,
    });
    yield a;
  }

  private executorAdded(e: Ev<'SparkListenerExecutorAdded'>): Json {
    const info = { ...e['Executor Info'], 'Log Urls': executorLogUrls(this.scenario, this.appId, e['Executor ID'], e['Executor Info'].Host) };
    return { Event: e.Event, Timestamp: this.wall(e.Timestamp), 'Executor ID': e['Executor ID'], 'Executor Info': info };
  }

  private *blockManagerAdded(e: Ev<'SparkListenerBlockManagerAdded'>): Generator<Json> {
    this.blockManagers.set(e['Block Manager ID']['Executor ID'], e['Block Manager ID']);
    yield {
      ...blockManagerAdded(e['Block Manager ID'], this.wall(e.Timestamp)),
      'Maximum Memory': e['Maximum Memory'],
      'Maximum Onheap Memory': e['Maximum Memory'],
    };
    if (this.appStart !== null && e['Block Manager ID']['Executor ID'] === 'driver') yield* this.environmentAndStart();
  }

  private *schedulerEvent(e: TraceEvent): Generator<Json> {
    switch (e.Event) {
      case 'SparkListenerJobStart':
        this.metrics.jobStarted(e['Job ID'], e['Stage IDs']);
        yield {
          ...e,
          'Submission Time': this.wall(e['Submission Time']),
          'Stage Infos': e['Stage Infos'].map((si) => sparkStageInfo(si, (t) => this.wall(t))),
        };
        return;
      case 'SparkListenerJobEnd':
        this.metrics.jobEnded(e['Job ID']);
        yield { ...e, 'Completion Time': this.wall(e['Completion Time']) };
        return;
      case 'SparkListenerStageSubmitted':
        yield* this.stageSubmitted(e);
        return;
      case 'SparkListenerStageCompleted': {
        const si = e['Stage Info'];
        yield { Event: e.Event, 'Stage Info': sparkStageInfo(si, (t) => this.wall(t), this.metrics.stageAccumulables(si['Stage ID'])) };
        return;
      }
      case 'SparkListenerTaskStart':
      case 'SparkListenerTaskGettingResult':
        yield { ...e, 'Task Info': this.taskInfo(e['Task Info'], false) };
        return;
      case 'SparkListenerTaskEnd':
        yield this.taskEnd(e);
        return;
      default:
        yield this.ourEvent(e);
    }
  }

  private *stageSubmitted(e: Ev<'SparkListenerStageSubmitted'>): Generator<Json> {
    const si = e['Stage Info'];
    this.metrics.stageSubmitted(si['Stage ID'], si['Stage Attempt ID']);
    yield { Event: e.Event, 'Stage Info': sparkStageInfo(si, (t) => this.wall(t)), Properties: e.Properties };
    if (this.options.partitionIds === true) return;
    const partitions = this.partitions.get(`${si['Stage ID']}.${si['Stage Attempt ID']}`) ?? [];
    yield { Event: STAGE_PARTITIONS_EVENT, stageId: si['Stage ID'], stageAttemptId: si['Stage Attempt ID'], partitions };
  }

  private taskEnd(e: Ev<'SparkListenerTaskEnd'>): Json {
    const m = this.metrics.taskEnded(e);
    const reason = e['Task End Reason'];
    const withUpdates = 'Accumulator Updates' in reason ? { ...reason, 'Accumulator Updates': m.reasonUpdates } : reason;
    const taskInfo = { ...this.taskInfo(e['Task Info'], true), Accumulables: m.accumulables };
    return { ...e, 'Task End Reason': withUpdates, 'Task Info': taskInfo, 'Task Executor Metrics': m.executorMetrics, 'Task Metrics': m.taskMetrics };
  }

  /** TaskInfo in 3.2's fields (3.3's Partition ID only when asked), on the wall clock; a 0 time stays "not yet". */
  private taskInfo(ti: TaskInfoJson, ended: boolean): Json {
    const out: Json = { ...ti };
    if (this.options.partitionIds !== true) delete out['Partition ID'];
    out['Launch Time'] = this.wall(ti['Launch Time']);
    if (ti['Getting Result Time'] !== 0) out['Getting Result Time'] = this.wall(ti['Getting Result Time']);
    if (ended || ti['Finish Time'] !== 0) out['Finish Time'] = this.wall(ti['Finish Time']);
    return out;
  }

  /** The project's own events: unchanged, on the wall clock. */
  private ourEvent(e: TraceEvent): Json {
    const x = e as unknown as Json;
    return typeof x.Timestamp === 'number' ? { ...x, Timestamp: this.wall(x.Timestamp) } : x;
  }
}

/**
 * Per stage attempt, the partition of each task index it launched, read from the trace's 3.3-style
 * Partition IDs: a TaskStart belongs to its stage's latest submitted attempt, since Spark marks
 * every older task set of a stage a zombie when it submits a new one (TaskSchedulerImpl.submitTasks).
 */
function stagePartitions(events: readonly TraceEvent[]): Map<string, (number | null)[]> {
  const latest = new Map<number, string>();
  const out = new Map<string, (number | null)[]>();
  for (const e of events) {
    if (e.Event === 'SparkListenerStageSubmitted') {
      const si = e['Stage Info'];
      const key = `${si['Stage ID']}.${si['Stage Attempt ID']}`;
      latest.set(si['Stage ID'], key);
      out.set(key, new Array<number | null>(si['Number of Tasks']).fill(null));
    } else if (e.Event === 'SparkListenerTaskStart') {
      const list = out.get(latest.get(e['Stage ID']) ?? '');
      const ti = e['Task Info'];
      if (list !== undefined && ti['Partition ID'] !== undefined) list[ti.Index] = ti['Partition ID'];
    }
  }
  return out;
}
