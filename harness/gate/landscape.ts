// The report's view of the safety search: its counterexamples, and the margin landscape over the
// two parameters the normalised margin moves with most (|Spearman's rank correlation| over the
// trials), so a safety engineer sees where in the envelope the candidate comes close to failing.
import type { ReportSearch } from '../../reports/types.js';
import type { GateSearch } from './input.js';

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const r = new Array<number>(xs.length);
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j + 1 < order.length && order[j + 1].x === order[k].x) j++;
    for (let m = k; m <= j; m++) r[order[m].i] = (k + j) / 2;
    k = j + 1;
  }
  return r;
}

/** Spearman's ρ (0 when either side is constant). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (ra.length - 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function reportSearch(search: GateSearch, maxPoints = 400): ReportSearch {
  const trials = (search.landscape ?? []).filter((t) => Number.isFinite(t.robustness));
  let landscape: ReportSearch['landscape'] = null;
  if (trials.length >= 8) {
    const names = Object.keys(trials[0].params).filter((n) =>
      trials.every((t) => typeof t.params[n] === 'number'),
    );
    const margins = trials.map((t) => t.robustness);
    const influence = names
      .map((n) => ({
        n,
        rho: Math.abs(
          spearman(
            trials.map((t) => t.params[n] as number),
            margins,
          ),
        ),
      }))
      .filter((x) => x.rho > 0)
      .sort((a, b) => b.rho - a.rho || (a.n < b.n ? -1 : 1));
    if (influence.length >= 2) {
      const [x, y] = [influence[0].n, influence[1].n];
      landscape = {
        x,
        y,
        points: trials.slice(0, maxPoints).map((t) => ({
          x: t.params[x] as number,
          y: t.params[y] as number,
          margin: r4(Math.max(-1, Math.min(1.5, t.robustness))),
        })),
      };
    }
  }
  return {
    budget: search.budget,
    episodes: search.episodes,
    complete: search.complete,
    counterexamples: search.counterexamples.map((c) => ({
      invariant: c.invariant,
      file: c.file,
      margin: c.margin,
      found_by: c.found_by,
      replay: c.replay,
    })),
    shared: search.shared?.length ?? 0,
    unconfirmed: search.unconfirmed ?? 0,
    landscape,
  };
}
