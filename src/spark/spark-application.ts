// One SparkContext on simulated time: it wires the DAGScheduler, TaskSchedulerImpl, a backend
// and its executors, and runs the event loop until nothing is left to happen or a limit is hit.
// A driver program (batch jobs, a streaming query) submits jobs and reacts to their ends.
import { DEFAULT_LIMITS, type Scenario } from '../scenario/types.js';
import { STALL_NO_EXECUTOR, STALL_NOTHING_LEFT } from '../trace/summary.js';
import { VirtualClock } from '../sim/clock.js';
import { EventQueue } from '../sim/event-queue.js';
import { FaultSchedule } from '../sim/fault-schedule.js';
import { randomStreams, type RandomStreams } from '../sim/random-streams.js';
import type { Trace, TraceEvent } from '../trace/events.js';
import { TraceRecorder } from '../trace/recorder.js';
import { DAGScheduler, type JobResult } from './dag-scheduler.js';
import { Executor } from './executor.js';
import type { RddNode } from './lineage.js';
import { DriverLogBuffer } from './log.js';
import { MapOutputTracker } from './map-output-tracker.js';
import { SchedulerBackend } from './scheduler-backend.js';
import { SPARK_RULES, type SchedulerRules } from './scheduler-rules.js';
import { BatchTaskRunner, type TaskRunner } from './task-runner.js';
import { TaskSchedulerImpl } from './task-scheduler.js';
import type { JobContext } from './task.js';

export const SPARK_VERSION = '3.2.0';
/** Block manager ports: fixed, so traces do not depend on anything outside the scenario. */
const FIRST_BLOCK_MANAGER_PORT = 40_000;

export interface SimulationOptions {
  /** Collect Spark-style driver log lines (costs time; off for campaigns). */
  log?: boolean;
  /** Replace some of Spark's retry rules (mutation testing of the harness); default Spark's. */
  rules?: Partial<SchedulerRules>;
}

/** maxTaskFailures by master (spec §2, surprising fact 1): local and local[N] never retry. */
export function maxTaskFailuresFor(s: Scenario): number {
  const m = s.cluster.parsedMaster;
  if (m.kind === 'local') return m.maxFailures ?? 1;
  return s.conf['spark.task.maxFailures'];
}

export class SparkApplication {
  readonly clock = new VirtualClock();
  readonly random: RandomStreams;
  readonly faults: FaultSchedule;
  readonly mapOutputs = new MapOutputTracker();
  readonly bus = new TraceRecorder();
  readonly log: DriverLogBuffer;
  readonly dag: DAGScheduler;
  readonly taskScheduler: TaskSchedulerImpl;
  readonly backend: SchedulerBackend;
  readonly appId: string;
  /** The scheduler rules this run follows (Spark's unless a mutant's). */
  readonly rules: SchedulerRules;
  /** Scheduled actions; `moot` ones (a task that died with its executor) pass without moving time. */
  private readonly queue = new EventQueue<{ action: () => void; moot?: () => boolean }>();
  private driverDone = false;
  private sqlExecutions = 0;
  /** Continuous tasks' messages to the coordinator so far (limits.maxPartitionMessages). */
  private partitionMessages = 0;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions = {},
    runner?: (app: SparkApplication) => TaskRunner,
  ) {
    this.random = randomStreams(scenario.seed);
    this.faults = new FaultSchedule(scenario.faults);
    const now = () => this.clock.now;
    this.log = new DriverLogBuffer(options.log === true, now);
    const host = { now, schedule: (d: number, a: () => void) => this.schedule(d, a) };
    const rules = { ...SPARK_RULES, ...options.rules };
    this.rules = rules;
    this.dag = new DAGScheduler(scenario.conf, this.mapOutputs, this.bus, this.log, host, rules);
    this.taskScheduler = new TaskSchedulerImpl(maxTaskFailuresFor(scenario), this.dag, this.random.fork('offers'), this.log, now, rules);
    this.dag.setTaskScheduler(this.taskScheduler);
    const local = scenario.cluster.parsedMaster.kind === 'local';
    this.backend = new SchedulerBackend(local ? 'local' : 'coarse', this.taskScheduler);
    this.taskScheduler.setBackend(this.backend);
    this.appId = local ? `local-${scenario.seed >>> 0}` : `app-${scenario.seed >>> 0}-0000`;
    const taskRunner = runner ? runner(this) : this.batchRunner();
    this.registerExecutors(taskRunner);
    for (const loss of this.faults.executorLosses) {
      this.scheduleAt(loss.atMs, () => {
        const e = this.backend.executor(loss.executor);
        if (e === undefined || !e.alive) return;
        this.backend.removeExecutor(loss.executor, loss.exitCausedByApp, loss.reason);
        this.bus.post({ Event: 'SparkListenerExecutorRemoved', Timestamp: this.clock.now, 'Executor ID': loss.executor, 'Removed Reason': loss.reason });
      });
    }
  }

  /** The executor behaviour of batch and micro-batch tasks, for a runner that wraps it. */
  batchRunner(): TaskRunner {
    return new BatchTaskRunner({
      faults: this.faults,
      mapOutputs: this.mapOutputs,
      defaultDurationMs: this.scenario.taskDurationMs,
      jitter: this.scenario.taskDurationJitter,
      durations: this.random.fork('durations'),
      executorAlive: (id) => this.backend.executor(id)?.alive === true,
      lostExecutors: () => this.backend.lostExecutors,
    });
  }

  private registerExecutors(runner: TaskRunner): void {
    const c = this.scenario.cluster;
    const m = c.parsedMaster;
    const specs = m.kind === 'local' ? [{ id: 'driver', host: c.host, cores: m.threads }] : c.executors;
    this.bus.post({ Event: 'SparkListenerLogStart', 'Spark Version': SPARK_VERSION });
    this.bus.post({
      Event: 'SparkListenerApplicationStart',
      'App Name': this.scenario.name ?? 'spark-retry-harness scenario',
      'App ID': this.appId,
      Timestamp: 0,
      User: 'srh',
    });
    specs.forEach((s, i) => {
      const port = FIRST_BLOCK_MANAGER_PORT + i;
      const env = {
        schedule: (d: number, a: () => void, moot?: () => boolean) => this.schedule(d, a, moot),
        statusUpdate: (e: Executor, attempt: Parameters<SchedulerBackend['statusUpdate']>[1], r: Parameters<SchedulerBackend['statusUpdate']>[2]) =>
          this.backend.statusUpdate(e, attempt, r),
      };
      this.backend.registerExecutor(new Executor(s.id, s.host, s.cores, port, runner, env, this.rules.killedTaskReportsOwnFailure));
      this.bus.post({
        Event: 'SparkListenerExecutorAdded',
        Timestamp: 0,
        'Executor ID': s.id,
        'Executor Info': { Host: s.host, 'Total Cores': s.cores, 'Log Urls': {}, Attributes: {}, Resources: {}, 'Resource Profile Id': 0 },
      });
      this.bus.post({
        Event: 'SparkListenerBlockManagerAdded',
        'Block Manager ID': { 'Executor ID': s.id, Host: s.host, Port: port },
        'Maximum Memory': 434_031_820,
        Timestamp: 0,
      });
    });
  }

  /** Runs `action` after `delayMs`, unless `moot()` says by then that it no longer matters. */
  schedule(delayMs: number, action: () => void, moot?: () => boolean): void {
    this.queue.push(this.clock.now + delayMs, moot === undefined ? { action } : { action, moot });
  }

  scheduleAt(timeMs: number, action: () => void): void {
    this.queue.push(Math.max(timeMs, this.clock.now), { action });
  }

  /** Submits a job on `rdd` now; `onEnd` runs when its JobEnd is posted. */
  /**
   * SQLExecution.withNewExecutionId's id for the next streaming job (`spark.sql.execution.id`).
   * Spark's counter is per JVM and also counts every other SQL execution, nested ones included,
   * so only the property's presence is Spark's; its values here simply count 0, 1, 2, ….
   */
  nextSqlExecutionId(): string {
    return String(this.sqlExecutions++);
  }

  submitJob(rdd: RddNode, ctx: Omit<JobContext, 'jobId'>, onEnd: (r: JobResult) => void): number {
    return this.dag.submitJob(rdd, ctx, onEnd);
  }

  /** The driver program has nothing more to submit: the run ends once the queue is empty. */
  finishDriver(): void {
    this.driverDone = true;
  }

  /** Handles what one step left behind: DAG events, then offers, until both are quiet. */
  private settle(): void {
    for (;;) {
      this.dag.drain();
      if (!this.backend.hasPendingOffers()) return;
      this.backend.makeOffers();
    }
  }

  /**
   * A continuous task's message to the EpochCoordinator (streaming spec §5.3 step 3): in the
   * trace beside the listener events, counted against limits.maxPartitionMessages instead of
   * maxEvents, so that a run of many short epochs over many partitions still ends in bounds.
   */
  postPartitionMessage(e: TraceEvent): void {
    this.partitionMessages++;
    this.bus.postMessage(e);
  }

  /** Runs the event loop to the end, or to a limit (ARCHITECTURE §3 `limits`). */
  run(): Trace {
    const { maxTimeMs } = this.scenario.limits;
    let stopReason: string | null = null;
    this.settle();
    for (;;) {
      stopReason = this.countLimitReached();
      if (stopReason !== null) break;
      const next = this.queue.pop();
      if (next === undefined) {
        if (!this.driverDone) stopReason = this.stallReason();
        break;
      }
      // A task that died with its executor, or a stopped query's tick: nothing happens, and time
      // does not move for it (else a long dead task would hold the run open to its time limit).
      if (next.item.moot?.() === true) continue;
      if (next.time > maxTimeMs) {
        this.clock.advanceTo(maxTimeMs);
        stopReason = `stopped at ${maxTimeMs} ms of simulated time (limits.maxTimeMs)`;
        break;
      }
      this.clock.advanceTo(next.time);
      next.item.action();
      this.settle();
    }
    this.bus.post({ Event: 'SparkListenerApplicationEnd', Timestamp: this.clock.now });
    return {
      events: this.bus.events,
      status: stopReason === null ? 'finished' : 'did-not-terminate',
      stopReason,
      endTimeMs: this.clock.now,
    };
  }

  /** The first count limit the run has passed, as its stop reason; null while within them. */
  private countLimitReached(): string | null {
    const { maxEvents } = this.scenario.limits;
    const maxPartitionMessages = this.scenario.limits.maxPartitionMessages ?? DEFAULT_LIMITS.maxPartitionMessages;
    if (this.bus.size > maxEvents) return `stopped after ${maxEvents} listener events (limits.maxEvents)`;
    if (this.partitionMessages > maxPartitionMessages) return `stopped after ${maxPartitionMessages} partition messages (limits.maxPartitionMessages)`;
    return null;
  }

  private stallReason(): string {
    const pending = this.taskScheduler.activeTaskSets().filter((t) => t.hasPendingTasks());
    if (pending.length > 0 && this.backend.aliveExecutors().length === 0) {
      return STALL_NO_EXECUTOR;
    }
    return STALL_NOTHING_LEFT;
  }
}
