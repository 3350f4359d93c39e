// Holm–Bonferroni step-down: family-wise error control across the gate's "clearly worse"
// hypotheses (every KPI × slice rule), uniformly more powerful than plain Bonferroni.

/** Which of `pValues` are rejected at family-wise level `alpha` (same order as given). */
export function holmReject(pValues: readonly number[], alpha: number): boolean[] {
  const m = pValues.length;
  const order = pValues
    .map((p, i) => ({ p: Number.isNaN(p) ? 1 : p, i }))
    // Stryker disable next-line ArithmeticOperator: tied p-values meet the same fate in either order
    .sort((x, y) => x.p - y.p || x.i - y.i);
  const rejected = new Array<boolean>(m).fill(false);
  for (let k = 0; k < m; k++) {
    if (order[k].p > alpha / (m - k)) break;
    rejected[order[k].i] = true;
  }
  return rejected;
}

/** Holm-adjusted p-values (monotone, capped at 1), same order as given. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues
    .map((p, i) => ({ p: Number.isNaN(p) ? 1 : p, i }))
    // Stryker disable next-line ArithmeticOperator: tied p-values get the same adjusted value
    .sort((x, y) => x.p - y.p || x.i - y.i);
  // Stryker disable next-line ArrayDeclaration: every index is written below
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  for (let k = 0; k < m; k++) {
    running = Math.max(running, Math.min(1, (m - k) * order[k].p));
    adjusted[order[k].i] = running;
  }
  return adjusted;
}
