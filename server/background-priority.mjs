// Background threads (an import's parse, checks and writes; an export's sheet) yield the CPU to
// the thread that answers people's requests: on a 2-core server an import otherwise takes a
// core from a colleague opening their list. Linux keeps a nice value per thread; elsewhere
// setpriority on "self" reprioritises the whole server process, so it is left alone there.
import fs from 'node:fs';
import os from 'node:os';

const BACKGROUND_NICE = 10;

// Whether background threads do run below the requests' thread here: where they cannot, an
// import keeps to the gentler pace it had before (import.service.ts).
export const backgroundYields = process.platform === 'linux';

// `name` (at most 15 characters, Linux's limit) is what `top -H` and `ps -L` show for the
// thread: which of an import's threads is busy, seen from the server, is otherwise one of
// several nameless "node" threads.
export function runInBackground(name) {
  if (!backgroundYields) return;
  try {
    os.setPriority(BACKGROUND_NICE);
  } catch {
    // A sandbox may refuse it: the thread then runs at the server's priority.
  }
  try {
    fs.writeFileSync('/proc/thread-self/comm', name.slice(0, 15));
  } catch {
    // Only a label.
  }
}
