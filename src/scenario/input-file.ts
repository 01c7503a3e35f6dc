// Reading a scenario or corpus entry file (ARCHITECTURE §3, §6): regular files only. A FIFO, a
// socket or a device given by mistake would block a plain read (a FIFO until someone writes to
// it) or never end, so the file is opened without blocking and checked with fstat before any
// byte is read; what it is not is said in the error.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

export type InputFileResult = { ok: true; text: string } | { ok: false; why: string };

/** The file's text, or why it cannot be read (one phrase, for `cannot read the … (<why>)`). */
export function readRegularFile(file: string): InputFileResult {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, why: openErrorWhy(e as NodeJS.ErrnoException) };
  }
  try {
    const why = nonRegularWhy(fstatSync(fd));
    if (why !== null) return { ok: false, why };
    return { ok: true, text: readFileSync(fd, 'utf8') };
  } catch (e) {
    return { ok: false, why: openErrorWhy(e as NodeJS.ErrnoException) };
  } finally {
    closeSync(fd);
  }
}

function openErrorWhy(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'it is a directory';
  if (e.code === 'EACCES') return 'permission denied';
  return e.message;
}

function nonRegularWhy(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'it is a directory';
  if (st.isFIFO()) return 'it is a FIFO (named pipe), not a regular file';
  if (st.isSocket()) return 'it is a socket, not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}
