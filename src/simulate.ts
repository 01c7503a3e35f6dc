// simulate(scenario): the simulator as a pure function. The same scenario (which holds its
// seed) always gives a byte-identical trace.
import type { Scenario } from './scenario/types.js';
import { runBatchDriver } from './spark/batch-driver.js';
import type { LogLine } from './spark/log.js';
import { SparkApplication, type SimulationOptions } from './spark/spark-application.js';
import { startContinuousQuery } from './streaming/continuous-execution.js';
import { startMicroBatchQuery } from './streaming/micro-batch-execution.js';
import type { Trace } from './trace/events.js';

export interface SimulationResult {
  trace: Trace;
  /** Spark-style driver log lines (empty unless `options.log`). */
  log: LogLine[];
}

export function simulate(scenario: Scenario, options: SimulationOptions = {}): SimulationResult {
  const w = scenario.workload;
  switch (w.mode) {
    case 'batch': {
      const app = new SparkApplication(scenario, options);
      runBatchDriver(app, w);
      return { trace: app.run(), log: app.log.lines };
    }
    case 'microBatch': {
      const app = startMicroBatchQuery(scenario, w, options);
      return { trace: app.run(), log: app.log.lines };
    }
    case 'continuous': {
      const app = startContinuousQuery(scenario, w, options);
      return { trace: app.run(), log: app.log.lines };
    }
  }
}
