// simulate(scenario): the simulator as a pure function. The same scenario (which holds its
// seed) always gives a byte-identical trace.
import type { Scenario } from './scenario/types.js';
import { runBatchDriver } from './spark/batch-driver.js';
import type { LogLine } from './spark/log.js';
import type { SchedulerRules } from './spark/scheduler-rules.js';
import { SparkApplication, type SimulationOptions } from './spark/spark-application.js';
import { startContinuousQuery } from './streaming/continuous-execution.js';
import { startMicroBatchQuery } from './streaming/micro-batch-execution.js';
import { SPARK_STREAMING_RULES, type StreamingRules } from './streaming/streaming-rules.js';
import type { Trace } from './trace/events.js';

export interface SimulationResult {
  trace: Trace;
  /** Spark-style driver log lines (empty unless `options.log`). */
  log: LogLine[];
}

/** Every rule a run follows: the scheduler's and Structured Streaming's. */
export type SimulationRules = SchedulerRules & StreamingRules;

export interface SimulateOptions extends SimulationOptions {
  /** Replace some of Spark's rules, the streaming ones too (mutation testing of the harness). */
  rules?: Partial<SimulationRules>;
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const w = scenario.workload;
  const streaming: StreamingRules = { ...SPARK_STREAMING_RULES, ...options.rules };
  switch (w.mode) {
    case 'batch': {
      const app = new SparkApplication(scenario, options);
      runBatchDriver(app, w);
      return { trace: app.run(), log: app.log.lines };
    }
    case 'microBatch': {
      const app = startMicroBatchQuery(scenario, w, options, streaming);
      return { trace: app.run(), log: app.log.lines };
    }
    case 'continuous': {
      const app = startContinuousQuery(scenario, w, options, streaming);
      return { trace: app.run(), log: app.log.lines };
    }
  }
}
