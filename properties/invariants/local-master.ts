// Local mode (spec §2, §9; catalogue I20).
import { invariant } from './invariant.js';
import { factsOf } from './trace-facts.js';

export const localMode = invariant('I20', 'local-mode', 'trace', 'an application whose only executor is "driver" has one host and no ExecutorLostFailure; with a local master the simulator never uses another executor (spec §2, §9)', (ctx, report) => {
  const f = factsOf(ctx.events);
  const local = ctx.scenario ? ctx.scenario.cluster.parsedMaster.kind === 'local' : [...f.executorCores.keys()].every((id) => id === 'driver') && f.executorCores.size > 0;
  if (!local) return;
  const hosts = new Set<string>();
  for (const t of f.taskOrder) {
    hosts.add(t.host);
    if (t.executorId !== 'driver') report(`TID ${t.tid} runs on executor ${t.executorId} in local mode`, t.startIndex);
    for (const e of t.ends) if (e.reason.Reason === 'ExecutorLostFailure') report(`TID ${t.tid} ends ExecutorLostFailure in local mode`, e.eventIndex);
  }
  if (hosts.size > 1) report(`local mode runs on ${hosts.size} hosts: ${[...hosts].join(', ')}`);
});
