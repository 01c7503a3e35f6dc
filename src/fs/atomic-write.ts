// Every file srh writes goes through here: a temp file beside the target, then a rename, so a
// reader never sees half a file and a failed write leaves neither a partial target nor a temp.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/** Writes `text` to `path` atomically; on failure removes the temp file and rethrows. */
export function writeFileAtomic(path: string, text: string): void {
  writeChunksAtomic(path, [text]);
}

/**
 * Writes the chunks, in order, to `path` atomically. Chunks are written as they come, so the
 * whole text never has to fit in one string (a large event log can exceed the longest one).
 */
export function writeChunksAtomic(path: string, chunks: Iterable<string>): void {
  const tmp = `${path}.tmp-${process.pid}`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w');
    for (const chunk of chunks) writeSync(fd, chunk);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}
