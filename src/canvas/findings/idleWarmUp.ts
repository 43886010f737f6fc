/**
 * Runs `work` up to `times` times, once per task, until stopped: a worker warms its code this way
 * while it has nothing else to do. Each run is its own task (a message to itself, not a timer,
 * which browsers hold back by 4 ms once nested): in a browser, the worker's own messages are taken
 * in between, so a request that comes in meanwhile waits for one run at most, not for all of them.
 * (Node drains a port's messages in one go: there it would wait.)
 */
export function warmWhileIdle(work: (run: number) => void, times: number): { stop(): void } {
  const channel = new MessageChannel();
  let left = times;
  const stop = () => {
    left = 0;
    channel.port1.close();
  };
  channel.port1.onmessage = () => {
    if (left <= 0) return;
    left--;
    work(times - left - 1);
    if (left > 0) channel.port2.postMessage(null);
    else stop();
  };
  channel.port2.postMessage(null);
  return { stop };
}
