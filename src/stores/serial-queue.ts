// Per-key queues of async tasks: tasks given the same key run one at a time, in the order given, so
// one process never interleaves two changes of one file or directory. DESIGN §3 (invariant 9).

/** Returns a runner: `run(key, task)` starts `task` once every earlier task of that key has settled. */
export function createSerialQueue(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<void>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, settled);
    void settled.then(() => {
      if (tails.get(key) === settled) tails.delete(key);
    });
    return run;
  };
}
