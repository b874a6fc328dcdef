import { Worker } from 'node:worker_threads';

// Resident memory is the whole process's (every thread's heap, the parse worker's too). A
// sampler on its own thread keeps sampling while the main thread is busy with a batch.
const SAMPLER = `
const { parentPort } = require('node:worker_threads');
let peak = 0;
const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
const timer = setInterval(sample, 5);
parentPort.on('message', () => { sample(); clearInterval(timer); parentPort.postMessage(peak); });
`;

export interface RssSampler {
  // Peak RSS seen since start, in bytes; stops the sampler.
  stop(): Promise<number>;
}

export function sampleRss(): RssSampler {
  const worker = new Worker(SAMPLER, { eval: true });
  return {
    stop: () =>
      new Promise<number>((resolve, reject) => {
        worker.once('message', (peak: number) => {
          void worker.terminate();
          resolve(peak);
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}
