import type { FetchFn } from '../session/server-client';

// A pretend network cable between the client core and the server, for the browser tests of
// offline work. Unplugged, every request fails the way a dropped connection does (a TypeError,
// which the core reports as SERVER_UNREACHABLE) and requests still open, including the live
// event stream, break mid-way. Only scripts/dev.ts wires it in, behind the bridge's token.
export interface NetworkSwitch {
  fetch: FetchFn;
  offline(): boolean;
  setOffline(offline: boolean): void;
}

export function createNetworkSwitch(base: FetchFn = globalThis.fetch): NetworkSwitch {
  let offline = false;
  const open = new Set<AbortController>();
  const dropped = () => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
  const fetch: FetchFn = async (input, init) => {
    if (offline) throw dropped();
    const controller = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    open.add(controller);
    try {
      const res = await base(input, { ...init, signal });
      if (!res.body) {
        open.delete(controller);
        return res;
      }
      // The body can stream for minutes (server-sent events): it stays breakable until done.
      const reader = res.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(ctl) {
          try {
            const { done, value } = await reader.read();
            if (done) {
              open.delete(controller);
              ctl.close();
            } else ctl.enqueue(value);
          } catch (e) {
            open.delete(controller);
            ctl.error(e);
          }
        },
        cancel(reason) {
          open.delete(controller);
          return reader.cancel(reason);
        },
      });
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (e) {
      open.delete(controller);
      throw e;
    }
  };
  return {
    fetch,
    offline: () => offline,
    setOffline(value) {
      offline = value;
      if (!value) return;
      // Aborting with a TypeError rather than an AbortError: EventSource treats an abort as its
      // own close and would not reconnect, but reconnects after a network error.
      for (const c of open) c.abort(dropped());
      open.clear();
    },
  };
}
