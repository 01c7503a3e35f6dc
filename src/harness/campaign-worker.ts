// The worker thread's entry point of a parallel campaign (tinypool's task function): one share
// of the campaign, as campaign-share.ts runs it, with its result as plain data.
import { runShare, type ShareResult, type ShareTask } from './campaign-share.js';

export default function campaignWorker(task: ShareTask): ShareResult {
  return runShare(task);
}
