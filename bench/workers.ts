// `npm run bench -- --workers`: a campaign's throughput on one worker and on every core (issue 13
// §4, srh check --workers), measured in one run on the same seed and run count, with the reports
// compared (they must be equal but for the clocks). Beside it, the machine's own scaling on pure
// arithmetic in the same number of threads: a ratio well below it means the campaign's threads
// wait on something they share (memory, the allocator), not on the pool.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runParallelCampaign } from '../src/harness/parallel-campaign.js';
import { ALL_PROPERTIES } from '../src/harness/property-catalogue.js';

const RUNS = 8000;
const SEED = 7;

export async function workersBench(): Promise<void> {
  const cores = availableParallelism();
  const base = { seed: SEED, runs: RUNS, timeLimitMs: 600_000, properties: ALL_PROPERTIES };
  const noStop = { requested: null };
  let t = performance.now();
  let cpu = process.cpuUsage();
  const one = await runParallelCampaign({ ...base, workers: 1 }, noStop);
  const oneS = (performance.now() - t) / 1000;
  const oneCpu = cpuSeconds(process.cpuUsage(cpu));
  t = performance.now();
  cpu = process.cpuUsage();
  const all = await runParallelCampaign({ ...base, workers: cores }, noStop);
  const allS = (performance.now() - t) / 1000;
  const allCpu = cpuSeconds(process.cpuUsage(cpu));
  const same = one.runs === all.runs && JSON.stringify([...one.statistics.counts].sort()) === JSON.stringify([...all.statistics.counts].sort());
  console.log(`campaign, seed ${SEED}, ${RUNS.toLocaleString('en-US')} scenarios, ${cores} cores:`);
  console.log(
    `  1 worker ${Math.round(one.runs / oneS).toLocaleString('en-US')} /s; ${cores} workers ${Math.round(all.runs / allS).toLocaleString('en-US')} /s: ${(oneS / allS).toFixed(2)}x (target >= 1.8x on 2 cores); reports equal: ${same}`,
  );
  // Every thread of the process: V8 compiles and collects garbage on threads of its own.
  console.log(
    `  CPU time: 1 worker ${oneCpu.toFixed(1)} s (${(oneCpu / oneS).toFixed(2)} cores busy), ${cores} workers ${allCpu.toFixed(1)} s (${(allCpu / allS).toFixed(2)} cores busy); CPU per scenario ${((allCpu / oneCpu) * 1).toFixed(2)}x on ${cores} workers`,
  );
  // One worker already keeps more than one core busy (V8 compiles and collects on threads of its
  // own); each worker thread is an isolate of its own that compiles the same code again. With no
  // spare core for that, N workers cannot pass N / (cores busy with one) on N cores.
  console.log(`  ceiling on this machine: ${cores} cores / ${(oneCpu / oneS).toFixed(2)} cores busy with 1 worker = ${(cores / (oneCpu / oneS)).toFixed(2)}x`);
  const spin1 = await spinSeconds(1);
  const spinAll = await spinSeconds(cores);
  console.log(`  the machine on pure arithmetic, ${cores} threads against 1: ${((cores * spin1) / spinAll).toFixed(2)}x`);
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

/** Wall time of `threads` threads each running the same arithmetic loop. */
async function spinSeconds(threads: number): Promise<number> {
  const code = 'let x = 0; for (let i = 0; i < 4e8; i++) x = (x + i * 7) % 1000003; require("worker_threads").parentPort.postMessage(x);';
  const t = performance.now();
  await Promise.all(
    Array.from({ length: threads }, () => new Promise((resolve, reject) => new Worker(code, { eval: true }).once('message', resolve).once('error', reject))),
  );
  return (performance.now() - t) / 1000;
}
