// The policies of this thread, built from a PolicyRef and kept for the thread's life: one
// ORT session per model sha256 (policies/onnx caches the session; this caches the wrapper).
// policies/onnx (onnxruntime, the card schema) is imported on the first ONNX ref only: loading
// it takes a thread a second or more, which a run of reference policies never needs.
import type { PickPolicy, StreamPolicy } from '../../../policies/policy.js';
import { referencePickPolicy } from '../../../policies/reference/pick.js';
import { referenceStreamPolicy } from '../../../policies/reference/stream.js';
import type { FaultSpec } from '../../../scenarios/types.js';
import type { PolicyRef } from '../ipc.js';

const pickPolicies = new Map<string, Promise<PickPolicy>>();

/**
 * Loads the model the plan names and refuses a file that changed since it was planned: the
 * thread reads the bytes again, and they must be the ones the results will be bound to.
 */
const onnx = () => import('../../../policies/onnx/index.js');

async function plannedModel(ref: Extract<PolicyRef, { kind: 'onnx' }>) {
  const model = await (await onnx()).loadModel(ref.path);
  if (model.sha256 !== ref.sha256)
    throw Object.assign(
      new Error(
        `${ref.path} changed since the run was planned (sha256 ${model.sha256}, planned ${ref.sha256})`,
      ),
      { code: 'SIMGATE_MODEL_CHANGED' },
    );
  if (ref.cardSha256 !== undefined && model.cardSha256 !== ref.cardSha256)
    throw Object.assign(
      new Error(
        `the card of ${ref.path} changed since the run was planned (sha256 ${model.cardSha256}, planned ${ref.cardSha256})`,
      ),
      { code: 'SIMGATE_MODEL_CHANGED' },
    );
  return model;
}
const streamPolicies = new Map<string, Promise<StreamPolicy>>();

export function pickPolicyFor(ref: PolicyRef): Promise<PickPolicy> {
  if (ref.kind === 'reference') return Promise.resolve(referencePickPolicy);
  let policy = pickPolicies.get(ref.sha256);
  if (!policy) {
    policy = plannedModel(ref).then(async (model) => (await onnx()).createPickModelPolicy(model));
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
    policy = plannedModel(ref).then(async (model) => (await onnx()).createStreamModelPolicy(model));
    policy.catch(() => streamPolicies.delete(ref.sha256));
    streamPolicies.set(ref.sha256, policy);
  }
  return policy;
}
