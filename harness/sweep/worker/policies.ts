// The policies of this thread, built from a PolicyRef and kept for the thread's life: one
// ORT session per model sha256 (policies/onnx caches the session; this caches the wrapper).
import { createPickModelPolicy, createStreamModelPolicy, loadModel } from '../../../policies/onnx/index.js';
import type { PickPolicy, StreamPolicy } from '../../../policies/policy.js';
import { referencePickPolicy } from '../../../policies/reference/pick.js';
import { referenceStreamPolicy } from '../../../policies/reference/stream.js';
import type { FaultSpec } from '../../../scenarios/types.js';
import type { PolicyRef } from '../ipc.js';

const pickPolicies = new Map<string, Promise<PickPolicy>>();
const streamPolicies = new Map<string, Promise<StreamPolicy>>();

export function pickPolicyFor(ref: PolicyRef): Promise<PickPolicy> {
  if (ref.kind === 'reference') return Promise.resolve(referencePickPolicy);
  let policy = pickPolicies.get(ref.sha256);
  if (!policy) {
    policy = loadModel(ref.path).then(createPickModelPolicy);
    // A failed load is not cached: the next batch reports its own error.
    policy.catch(() => pickPolicies.delete(ref.sha256));
    pickPolicies.set(ref.sha256, policy);
  }
  return policy;
}

export function streamPolicyFor(
  ref: PolicyRef,
  scenario: { params: Readonly<Record<string, number | string>>; faults: readonly FaultSpec[] },
): Promise<StreamPolicy> {
  if (ref.kind === 'reference') return Promise.resolve(referenceStreamPolicy(scenario.params));
  let policy = streamPolicies.get(ref.sha256);
  if (!policy) {
    policy = loadModel(ref.path).then(createStreamModelPolicy);
    policy.catch(() => streamPolicies.delete(ref.sha256));
    streamPolicies.set(ref.sha256, policy);
  }
  return policy;
}
