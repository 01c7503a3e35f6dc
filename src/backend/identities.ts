// The scenario's names for what real Spark named itself (README "Real Spark"): a local-cluster's
// executors are "0", "1", … on this machine's host, in registration order, so the k-th to register
// is the scenario's k-th executor, with its id and host; local mode's driver host becomes the
// scenario's `cluster.host`. Only identifiers change (executor ids, hosts, inside messages too);
// block manager ports stay Spark's, and the model and comparisons treat ports as holes.
import type { Scenario } from '../scenario/types.js';
import type { Trace, TraceEvent } from '../trace/events.js';

interface Renaming {
  executors: Map<string, { id: string; host: string }>;
  /** Block manager port → its executor's scenario host, for "from host:port" in fetch failures. */
  ports: Map<number, string>;
  /** Real host → scenario host, for local mode (one host). */
  localHost: { real: string; scenario: string } | null;
}

export function inScenarioIdentities(trace: Trace, scenario: Scenario): Trace {
  const renaming = renamingOf(trace.events, scenario);
  if (renaming.executors.size === 0 && renaming.localHost === null) return trace;
  return { ...trace, events: trace.events.map((e) => renamed(e, renaming)) };
}

function renamingOf(events: readonly TraceEvent[], scenario: Scenario): Renaming {
  const executors = new Map<string, { id: string; host: string }>();
  const ports = new Map<number, string>();
  let localHost: Renaming['localHost'] = null;
  if (scenario.cluster.parsedMaster.kind === 'cluster') {
    const order = events
      .filter((e) => e.Event === 'SparkListenerExecutorAdded' && e['Executor ID'] !== 'driver')
      .map((e) => (e as { 'Executor ID': string })['Executor ID']);
    order.forEach((real, k) => {
      const s = scenario.cluster.executors[k];
      if (s !== undefined) executors.set(real, { id: s.id, host: s.host });
    });
    for (const e of events) {
      if (e.Event !== 'SparkListenerBlockManagerAdded') continue;
      const s = executors.get(e['Block Manager ID']['Executor ID']);
      if (s !== undefined) ports.set(e['Block Manager ID'].Port, s.host);
    }
  } else {
    const added = events.find((e) => e.Event === 'SparkListenerExecutorAdded');
    const real = added?.Event === 'SparkListenerExecutorAdded' ? added['Executor Info'].Host : null;
    if (real !== null && real !== scenario.cluster.host) localHost = { real, scenario: scenario.cluster.host };
  }
  return { executors, ports, localHost };
}

/** Rewrites every executor id and host in an event, through its nested objects and its strings. */
function renamed(e: TraceEvent, r: Renaming): TraceEvent {
  return rewrite(e, r, null) as TraceEvent;
}

function rewrite(value: unknown, r: Renaming, key: string | null): unknown {
  if (typeof value === 'string') return key === 'Executor ID' ? (r.executors.get(value)?.id ?? value) : renamedText(value, r);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, r, null));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const owner = typeof obj['Executor ID'] === 'string' ? r.executors.get(obj['Executor ID'] as string) : undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'Host' && typeof v === 'string') out[k] = owner?.host ?? hostOf(v, r);
    else out[k] = rewrite(v, r, k);
  }
  return out;
}

function hostOf(host: string, r: Renaming): string {
  return r.localHost !== null && host === r.localHost.real ? r.localHost.scenario : host;
}

/** Executor ids and hosts inside Spark's messages: "(host executor id)", "executor id exited", BlockManagerId(id, host, …). */
function renamedText(text: string, r: Renaming): string {
  if (r.executors.size === 0)
    return r.localHost === null
      ? text
      : text.replace(/\((\S+) executor driver\)/g, (m, h: string) => (h === r.localHost!.real ? `(${r.localHost!.scenario} executor driver)` : m));
  return text
    .replace(/\((\S+) executor (\S+)\)/g, (m, _h: string, id: string) => {
      const s = r.executors.get(id);
      return s === undefined ? m : `(${s.host} executor ${s.id})`;
    })
    .replace(/BlockManagerId\((\S+?), (\S+?), /g, (m, id: string) => {
      const s = r.executors.get(id);
      return s === undefined ? m : `BlockManagerId(${s.id}, ${s.host}, `;
    })
    .replace(/ from (\S+?):(\d+)/g, (m, _h: string, port: string) => {
      const host = r.ports.get(Number(port));
      return host === undefined ? m : ` from ${host}:${port}`;
    })
    .replace(/\bexecutor (\S+?) (exited|lost)/g, (m, id: string, verb: string) => {
      const s = r.executors.get(id);
      return s === undefined ? m : `executor ${s.id} ${verb}`;
    });
}
