// The events a Spark 3.2 driver posts as it starts, for a simulated application: the default
// ResourceProfile, the environment with the Spark properties the scenario implies, and the
// driver's own block manager on a cluster (JsonProtocol resourceProfileAddedToJson,
// environmentUpdateToJson, blockManagerAddedToJson). No JVM ran, so the JVM and system sections
// say so instead of naming one.
import { WRITTEN_BY, WRITTEN_BY_PROPERTY } from './event-log-writer.js';
import type { Scenario } from '../scenario/types.js';
import type { BlockManagerAddressJson } from './events.js';
import { JavaDouble } from './spark-json.js';

/** The block manager memory the simulator gives every executor (SparkListenerBlockManagerAdded). */
export const BLOCK_MANAGER_MEMORY = 434_031_820;
/** The standalone master's and worker's default ports, for the master URL and executor log links. */
const MASTER_PORT = 7077;
const WORKER_UI_PORT = 8081;
/** The driver's block manager port on a cluster, below the executors' 40000, 40001, … */
const DRIVER_BLOCK_MANAGER_PORT = 39_999;
/** Spark 3.2.0 is built with Scala 2.12.15 (its pom's scala.version). */
const SCALA_VERSION = 'version 2.12.15';

/** ResourceProfile 0: spark.executor.cores 1, spark.executor.memory 1g, no off-heap; a task takes one cpu. */
export function resourceProfileAdded(): Record<string, unknown> {
  const request = (name: string, amount: number) => ({ 'Resource Name': name, Amount: amount, 'Discovery Script': '', Vendor: '' });
  return {
    Event: 'SparkListenerResourceProfileAdded',
    'Resource Profile Id': 0,
    'Executor Resource Requests': { cores: request('cores', 1), memory: request('memory', 1024), offHeap: request('offHeap', 0) },
    'Task Resource Requests': { cpus: { 'Resource Name': 'cpus', Amount: new JavaDouble(1) } },
  };
}

/** The master URL Spark would show: local masters as written, a cluster as a standalone master on the driver's host. */
export function masterUrl(s: Scenario): string {
  return s.cluster.parsedMaster.kind === 'local' ? s.cluster.master : `spark://${s.cluster.host}:${MASTER_PORT}`;
}

/** The Spark properties of the run: what SparkContext sets itself, then every key of the scenario's conf. */
export function sparkProperties(s: Scenario, app: { id: string; name: string; startTimeMs: number }): Record<string, string> {
  const props: Record<string, string> = {
    'spark.app.id': app.id,
    'spark.app.name': app.name,
    'spark.app.startTime': String(app.startTimeMs),
    'spark.driver.host': s.cluster.host,
    'spark.eventLog.enabled': 'true',
    'spark.executor.id': 'driver',
    'spark.master': masterUrl(s),
    'spark.scheduler.mode': 'FIFO',
    // Marks the log as the project's (src/cli/output-guard.ts); the real runner sets it too.
    [WRITTEN_BY_PROPERTY]: WRITTEN_BY,
  };
  for (const [k, v] of Object.entries(s.conf)) props[k] = String(v);
  return Object.fromEntries(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function environmentUpdate(s: Scenario, app: { id: string; name: string; startTimeMs: number; user: string }): Record<string, unknown> {
  return {
    Event: 'SparkListenerEnvironmentUpdate',
    'JVM Information': {
      'Java Home': '(none: simulated by spark-retry-harness)',
      'Java Version': '(none: simulated by spark-retry-harness)',
      'Scala Version': SCALA_VERSION,
    },
    'Spark Properties': sparkProperties(s, app),
    'Hadoop Properties': {},
    'System Properties': { 'sun.java.command': 'srh run (spark-retry-harness simulator; no JVM ran)', 'user.name': app.user },
    'Classpath Entries': {},
  };
}

export function blockManagerAdded(id: BlockManagerAddressJson, timestamp: number): Record<string, unknown> {
  return {
    Event: 'SparkListenerBlockManagerAdded',
    'Block Manager ID': id,
    'Maximum Memory': BLOCK_MANAGER_MEMORY,
    Timestamp: timestamp,
    'Maximum Onheap Memory': BLOCK_MANAGER_MEMORY,
    'Maximum Offheap Memory': 0,
  };
}

/** A cluster driver's block manager: the driver always has one, though it runs no tasks. */
export function driverBlockManager(s: Scenario): BlockManagerAddressJson {
  return { 'Executor ID': 'driver', Host: s.cluster.host, Port: DRIVER_BLOCK_MANAGER_PORT };
}

/** A standalone worker's links to an executor's stdout and stderr (none in local mode). */
export function executorLogUrls(s: Scenario, appId: string, executorId: string, host: string): Record<string, string> {
  if (s.cluster.parsedMaster.kind === 'local') return {};
  const page = (type: string) => `http://${host}:${WORKER_UI_PORT}/logPage/?appId=${appId}&executorId=${executorId}&logType=${type}`;
  return { stdout: page('stdout'), stderr: page('stderr') };
}
