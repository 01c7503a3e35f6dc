// StageInfo as the event log writes it (JsonProtocol.stageInfoToJson): optional times and the
// failure reason are present only once they are known.
import type { RddInfoJson, StageInfoJson } from '../trace/events.js';
import { stageRdds } from './lineage.js';
import type { Stage } from './stage.js';

/** A stage's RDD infos never change: computed once per stage. */
const rddInfosOf = new WeakMap<Stage, RddInfoJson[]>();

export function stageInfoJson(stage: Stage): StageInfoJson {
  const info = stage.latestInfo;
  let rddInfos = rddInfosOf.get(stage);
  if (rddInfos === undefined) {
    rddInfos = stageRdds(stage.rdd).map(rddInfo);
    rddInfosOf.set(stage, rddInfos);
  }
  const json: StageInfoJson = {
    'Stage ID': stage.id,
    'Stage Attempt ID': info.attemptId,
    'Stage Name': stage.name,
    'Number of Tasks': info.numTasks,
    'RDD Info': rddInfos,
    'Parent IDs': stage.parents.map((p) => p.id).sort((a, b) => a - b),
    Details: '',
    Accumulables: [],
    'Resource Profile Id': 0,
  };
  if (info.submissionTime !== null) json['Submission Time'] = info.submissionTime;
  if (info.completionTime !== null) json['Completion Time'] = info.completionTime;
  if (info.failureReason !== null) json['Failure Reason'] = info.failureReason;
  return json;
}

function rddInfo(r: ReturnType<typeof stageRdds>[number]): RddInfoJson {
  return {
    'RDD ID': r.id,
    Name: r.shuffleParents.length > 0 ? 'ShuffledRDD' : r.narrowParents.length > 0 ? 'MapPartitionsRDD' : 'ParallelCollectionRDD',
    Callsite: r.callSite,
    'Parent IDs': [...r.narrowParents.map((p) => p.id), ...r.shuffleParents.map((d) => d.mapRdd.id)].sort((a, b) => a - b),
    'Number of Partitions': r.partitions,
  };
}
