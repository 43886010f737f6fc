/**
 * `npx stallmap serve` runs the server as npm → sh → node. A SIGTERM to npm (`kill`, a process
 * manager) is passed on to the shell, which exits without passing it on: npm and the shell are
 * gone, and the server runs on, orphaned, holding its port and its data directory's lock, so
 * starting it again fails. Started by npm (which sets `npm_command` in its children's
 * environment), the server takes being re-parented, the sign that whoever launched it has exited,
 * as its signal to stop. Started any other way (node directly, a container) it watches nothing:
 * a daemon that outlives its shell on purpose is not stopped.
 */
export function whenLauncherGone(stop: () => void): () => void {
  if (!process.env.npm_command) return () => undefined;
  const launcher = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === launcher) return;
    clearInterval(timer);
    stop();
  }, 500);
  // Never what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
