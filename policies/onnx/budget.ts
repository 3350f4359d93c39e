// The wall-time budget of one inference call, and the race that enforces it without aborting
// the call (a late answer is ignored, never an unhandled rejection).

/** Runs `work`; resolves 'timeout' instead when it exceeds `budgetMs` of wall time. */
export async function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const late = new Promise<'timeout'>((res) => {
    timer = setTimeout(() => res('timeout'), budgetMs);
  });
  work.catch(() => undefined); // a late failure after a timeout must not go unhandled
  try {
    const result = await Promise.race([work, late]);
    return performance.now() - started > budgetMs ? 'timeout' : result;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Wall time one batched inference call may take before it counts as `model_timeout`. A small
 * model answers in well under a millisecond; the budget is generous because a loaded machine
 * can stall the main thread for seconds (V8 tiering up the physics WASM), and a budget that
 * fires on a stall would make results depend on the machine rather than the model.
 */
export const DEFAULT_TIME_BUDGET_MS = 10_000;
