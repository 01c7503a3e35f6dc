// Every file srh writes goes through here: a temp file beside the target, then a rename, so a
// reader never sees half a file and a failed write leaves neither a partial target nor a temp.
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Writes `text` to `path` atomically; on failure removes the temp file and rethrows. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true, recursive: false });
    throw e;
  }
}
