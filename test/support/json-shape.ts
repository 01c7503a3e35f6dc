// The shape of event-log JSON, for comparing a written log with a real one field for field: the
// key paths of each kind of event ("Task Info.Accumulables[].Update": number), and the order of
// the keys of every object (Spark writes its fields in a fixed order).

/** Objects whose keys are data (properties, URLs), not fields: their keys are not compared. */
const DATA_MAPS = new Set(['Properties', 'Spark Properties', 'Hadoop Properties', 'System Properties', 'Classpath Entries', 'Log Urls', 'JVM Information']);

/** Fields only SQL writes: RDD operation scopes, and SQL metrics (string values with metadata "sql"). */
export const SQL_ONLY = /(RDD Info\[\]\.Scope|Accumulables\[\]\.(Update|Value): string|Accumulables\[\]\.Metadata)/;

/** An event's kind: its name, with a task end's reason or a job end's result. */
export function kindOf(e: Record<string, unknown>): string {
  const name = e.Event as string;
  if (name === 'SparkListenerTaskEnd') return `${name}/${(e['Task End Reason'] as { Reason: string }).Reason}`;
  if (name === 'SparkListenerJobEnd') return `${name}/${(e['Job Result'] as { Result: string }).Result}`;
  return name;
}

/** Every key path of a value with its JSON type, array elements as `[]`. */
export function keyPaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) keyPaths(v, `${prefix}[]`, out);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = prefix === '' ? k : `${prefix}.${k}`;
      out.add(`${path}: ${typeName(v)}`);
      if (!DATA_MAPS.has(k)) keyPaths(v, path, out);
    }
  }
  return out;
}

/** Per object path, its keys in order (objects whose keys are data left out). */
export function keyOrders(value: unknown, prefix = '', out = new Map<string, string[]>()): Map<string, string[]> {
  if (Array.isArray(value)) {
    for (const v of value) keyOrders(v, `${prefix}[]`, out);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    out.set(prefix, Object.keys(value));
    for (const [k, v] of Object.entries(value)) if (!DATA_MAPS.has(k)) keyOrders(v, prefix === '' ? k : `${prefix}.${k}`, out);
  }
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Key paths per kind, over many events. */
export function pathsByKind(events: readonly Record<string, unknown>[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of events) {
    const k = kindOf(e);
    out.set(k, keyPaths(e, '', out.get(k) ?? new Set()));
  }
  return out;
}

/** A key order differing from the reference's, over the keys both have: `path: got vs expected`, or null. */
export function orderDifference(got: Map<string, string[]>, reference: Map<string, string[]>): string | null {
  for (const [path, keys] of got) {
    const ref = reference.get(path);
    if (ref === undefined) continue;
    const common = keys.filter((k) => ref.includes(k));
    const refCommon = ref.filter((k) => keys.includes(k));
    if (common.join('|') !== refCommon.join('|')) return `${path || '(top)'}: ${common.join(', ')} vs ${refCommon.join(', ')}`;
  }
  return null;
}
