import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../../harness/gate/stats/normal.js';
import { studentQuantile, studentUpperTail } from '../../../../harness/gate/stats/studentT.js';

describe("Student's t", () => {
  it('matches tabulated quantiles', () => {
    // Two-sided 95% and 99% critical values from standard tables.
    expect(studentQuantile(0.975, 1)).toBeCloseTo(12.706205, 5);
    expect(studentQuantile(0.975, 7)).toBeCloseTo(2.364624, 5);
    expect(studentQuantile(0.975, 19)).toBeCloseTo(2.093024, 5);
    expect(studentQuantile(0.995, 10)).toBeCloseTo(3.169273, 5);
    expect(studentQuantile(0.9995, 30)).toBeCloseTo(3.645959, 5);
  });

  it('matches tabulated tail probabilities and is symmetric', () => {
    expect(studentUpperTail(2, 5)).toBeCloseTo(0.05097, 6);
    expect(studentUpperTail(1, 1)).toBeCloseTo(0.25, 12);
    expect(studentUpperTail(0, 9)).toBeCloseTo(0.5, 12);
    expect(studentUpperTail(-2, 5)).toBeCloseTo(1 - 0.05097, 6);
  });

  it('tends to the normal distribution as the degrees of freedom grow', () => {
    expect(studentQuantile(0.975, 1e6)).toBeCloseTo(normalQuantile(0.975), 4);
    expect(studentQuantile(1 - 1e-6, 1e6)).toBeCloseTo(normalQuantile(1 - 1e-6), 3);
  });

  it('resolves the tiny α of early sequential looks', () => {
    const t = studentQuantile(1 - 2e-6, 40);
    expect(studentUpperTail(t, 40)).toBeCloseTo(2e-6, 10);
  });
});
