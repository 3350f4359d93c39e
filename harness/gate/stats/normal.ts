// The standard normal distribution to double precision. simple-statistics' `probit` and
// table-based CDF are accurate to about 1e-3, too coarse for the alpha a group-sequential
// design spends at its first look (~1e-5), so the gate uses these two instead.

/** Φ(z): the standard normal CDF (Hart 1968 / West 2005; relative error ~1e-14 up to |z| = 3, ~1e-8 in the far tails). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const x = Math.abs(z);
  let tail: number;
  if (x > 37) {
    tail = 0;
    // Stryker disable next-line EqualityOperator: both branches agree at the switch point (to ~1e-8)
  } else if (x < 7.07106781186547) {
    const e = Math.exp((-x * x) / 2);
    let num = 3.52624965998911e-2 * x + 0.700383064443688;
    num = num * x + 6.37396220353165;
    num = num * x + 33.912866078383;
    num = num * x + 112.079291497871;
    num = num * x + 221.213596169931;
    num = num * x + 220.206867912376;
    let den = 8.83883476483184e-2 * x + 1.75566716318264;
    den = den * x + 16.064177579207;
    den = den * x + 86.7807322029461;
    den = den * x + 296.564248779674;
    den = den * x + 637.333633378831;
    den = den * x + 793.826512519948;
    den = den * x + 440.413735824752;
    tail = (e * num) / den;
  } else {
    const e = Math.exp((-x * x) / 2);
    let b = x + 0.65;
    b = x + 4 / b;
    b = x + 3 / b;
    b = x + 2 / b;
    b = x + 1 / b;
    tail = e / b / 2.506628274631;
  }
  // Stryker disable next-line EqualityOperator: at z = 0 the tail is ½, so 1 − tail = tail
  return z > 0 ? 1 - tail : tail;
}

/** Upper tail 1 − Φ(z), without cancellation for large z. */
export function normalUpperTail(z: number): number {
  return normalCdf(-z);
}

/** Φ⁻¹(p): the standard normal quantile (Wichura 1988, AS 241 PPND16, ~1e-16). */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  // Stryker disable next-line EqualityOperator: AS 241's central and tail forms agree at |q| = 0.425
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301227 * r + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((5226.495278852546 * r + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  // Stryker disable next-line EqualityOperator: q = 0 took the central branch above
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  // Stryker disable next-line EqualityOperator: AS 241's two tail forms agree at r = 5
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((0.0007745450142783414 * r + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((1.0507500716444169e-9 * r + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((2.0103343992922881e-7 * r + 2.7115555687434876e-5) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((2.0442631033899397e-15 * r + 1.421511758316446e-7) * r + 1.8463183175100548e-5) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  // Stryker disable next-line EqualityOperator: q = 0 took the central branch above
  return q < 0 ? -value : value;
}
