import { EventEmitter } from 'node:events';
import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { ForegroundRequests } from '../../server/http/foreground';

const request = (accept = 'application/json') => ({ headers: { accept } }) as unknown as http.IncomingMessage;
const response = () => new EventEmitter() as unknown as http.ServerResponse & EventEmitter;
const settledWithin = async (p: Promise<void>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('foreground requests', () => {
  it('lets background work go at once when nobody waits, and after the last response otherwise', async () => {
    const fg = new ForegroundRequests();
    expect(await settledWithin(fg.idle(1000), 20)).toBe(true);
    const [a, b] = [response(), response()];
    fg.track(request(), a);
    fg.track(request(), b);
    const idle = fg.idle(1000);
    a.emit('close');
    expect(await settledWithin(idle, 30)).toBe(false);
    b.emit('close');
    expect(await settledWithin(idle, 30)).toBe(true);
  });

  it('waits no longer than asked, and never for an open event stream', async () => {
    const fg = new ForegroundRequests();
    fg.track(request('text/event-stream'), response());
    expect(await settledWithin(fg.idle(1000), 20)).toBe(true);
    fg.track(request(), response());
    const t0 = Date.now();
    await fg.idle(60);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });
});
