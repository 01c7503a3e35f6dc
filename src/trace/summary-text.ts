// A short human summary of a run, for `srh run` without --json.
import type { PartitionOutput } from './sink-output.js';
import type { RunSummary } from './summary.js';

export function summaryText(s: RunSummary, title: string, sink: readonly PartitionOutput[] = []): string {
  const lines: string[] = [];
  lines.push(`${title}: ${s.status === 'finished' ? 'finished' : 'DID NOT TERMINATE'}${s.stopReason ? ` (${s.stopReason})` : ''}`);
  const killed = s.tasks.filter((t) => t.reason === 'TaskKilled').length;
  const failedTasks = s.tasks.filter((t) => t.reason !== 'Success' && t.reason !== 'Running' && t.reason !== 'TaskKilled').length;
  const stageRetries = s.stages.filter((st) => st.attemptId > 0).length;
  lines.push(
    `  ${s.jobs.length} job(s), ${s.stages.length} stage attempt(s) (${stageRetries} retries), ${s.tasks.length} task attempt(s) (${failedTasks} failed, ${killed} killed)`,
  );
  for (const j of s.jobs) {
    lines.push(`  job ${j.jobId}: ${j.result}`);
    if (j.message !== undefined) lines.push(indent(j.message, '    '));
  }
  if (s.query) {
    const q = s.query;
    const committed = q.committedBatches ?? q.committedEpochs ?? [];
    const what = q.committedBatches ? 'batches' : 'epochs';
    lines.push(`  query: ${q.status} after ${q.runs} run(s); committed ${what}: [${committed.join(', ')}]`);
    if (q.exception !== undefined) lines.push(indent(q.exception, '    '));
  }
  if (sink.length > 0) lines.push(`  sink output (records by offset): ${sink.map(partitionText).join('; ')}`);
  return lines.join('\n') + '\n';
}

function partitionText(o: PartitionOutput): string {
  const ranges = o.ranges.length === 0 ? 'none' : o.ranges.map(([from, to]) => `[${from}, ${to})`).join(' ');
  const notes = [o.missing > 0 ? `${o.missing} never shown` : '', o.repeated > 0 ? `${o.repeated} shown twice or more` : ''].filter((n) => n !== '');
  return `partition ${o.partition} ${ranges}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
