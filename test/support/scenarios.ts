// Scenarios several suites read, written once.

/** A map stage and a result stage on two executors; the result task's first attempt fails fetching map output 0. */
export const RESULT_FETCH_FAILURE = {
  scenario: 1,
  seed: 3,
  cluster: {
    master: 'cluster',
    executors: [
      { id: '1', host: 'host-a', cores: 1 },
      { id: '2', host: 'host-b', cores: 1 },
    ],
  },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 2 },
      { id: 1, partitions: 1, deps: [{ rdd: 0, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 1 }],
  },
  faults: [{ task: { stage: 1, partition: 0, attempt: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } }],
  taskDurationMs: 100,
} as const;

/** A zombie map attempt's late success (I39): map stage 1 runs again after a fetch failure while its partition 1 still runs in the old attempt. */
export const ZOMBIE_MAP_SUCCESS = {
  scenario: 1,
  seed: 928514,
  cluster: { master: 'local[2]' },
  workload: {
    mode: 'batch',
    rdds: [
      { id: 0, partitions: 1 },
      { id: 1, partitions: 2, deps: [{ rdd: 0, type: 'shuffle' }] },
      { id: 2, partitions: 1, deps: [{ rdd: 1, type: 'shuffle' }] },
    ],
    jobs: [{ rdd: 2 }],
  },
  faults: [
    { task: { partition: 0 }, fail: { reason: 'FetchFailed', shuffle: 0, mapIndex: 0 } },
    { task: { stage: 1 }, durationMs: 1200 },
  ],
  taskDurationJitter: 0.3,
} as const;
