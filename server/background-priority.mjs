// Background threads (an import's parse, checks and writes; an export's sheet) yield the CPU to
// the thread that answers people's requests: on a 2-core server an import otherwise takes a
// core from a colleague opening their list. Linux keeps a nice value per thread; elsewhere
// setpriority on "self" reprioritises the whole server process, so it is left alone there.
import os from 'node:os';

const BACKGROUND_NICE = 10;

export function runInBackground() {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(BACKGROUND_NICE);
  } catch {
    // A sandbox may refuse it: the thread then runs at the server's priority.
  }
}
