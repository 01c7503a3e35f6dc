// maxTaskFailures as Spark derives it (issue 12 §2; spec §2, surprising fact 1), read from an
// event log's SparkListenerEnvironmentUpdate: SparkContext.createTaskScheduler gives `local` and
// `local[N]` (and `local[*]`) 1, `local[N,F]` (and `local[*,F]`) F, and every other master
// (local-cluster, standalone, YARN, Kubernetes) `spark.task.maxFailures`, 4 by default.

export interface RetryLimit {
  /** null when neither the environment nor --max-failures gives it. */
  value: number | null;
  /** Where it came from, or why it is unknown, in words. */
  source: string;
}

const LOCAL_N = /^local\[([0-9]+|\*)\]$/;
const LOCAL_N_F = /^local\[([0-9]+|\*)\s*,\s*([0-9]+)\]$/;
const REDACTED = /\(redacted\)/;
const DEFAULT_MAX_FAILURES = 4;

/** The Spark properties of an EnvironmentUpdate, as a map (Spark writes an object; very old logs pairs). */
export function sparkProperties(event: Record<string, unknown>): Map<string, string> {
  const props = event['Spark Properties'];
  const out = new Map<string, string>();
  if (Array.isArray(props)) {
    for (const p of props) if (Array.isArray(p) && typeof p[0] === 'string') out.set(p[0], String(p[1]));
  } else if (props !== null && typeof props === 'object') {
    for (const [k, v] of Object.entries(props)) out.set(k, String(v));
  }
  return out;
}

/** The limit from the environment's properties (null when the log has no EnvironmentUpdate). */
export function retryLimitOf(props: ReadonlyMap<string, string> | null, override: number | null): RetryLimit {
  if (override !== null) return { value: override, source: '--max-failures' };
  if (props === null)
    return { value: null, source: 'unknown: the log has no SparkListenerEnvironmentUpdate (a fragment?); give --max-failures N to check the retry limit' };
  const master = props.get('spark.master');
  if (master === undefined) return { value: null, source: 'unknown: the environment has no spark.master; give --max-failures N to check the retry limit' };
  if (REDACTED.test(master)) return { value: null, source: 'unknown: spark.master is redacted in the log; give --max-failures N to check the retry limit' };
  if (master === 'local' || LOCAL_N.test(master)) return { value: 1, source: `spark.master ${master}` };
  const f = LOCAL_N_F.exec(master);
  if (f !== null) return { value: Number(f[2]), source: `spark.master ${master}` };
  const conf = props.get('spark.task.maxFailures');
  if (conf === undefined) return { value: DEFAULT_MAX_FAILURES, source: `spark.task.maxFailures default (master ${master})` };
  if (!/^\s*-?[0-9]+\s*$/.test(conf))
    return { value: null, source: `unknown: spark.task.maxFailures is "${conf}", not an integer; give --max-failures N to check the retry limit` };
  return { value: Number(conf), source: `spark.task.maxFailures (master ${master})` };
}
