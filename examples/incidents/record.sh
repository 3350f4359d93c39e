#!/usr/bin/env bash
# Records the bundled incidents (docs/incidents.md) from flawed models in the simulator, as
# JSON Lines and MCAP. Run from the repository root after `npm run build`:
#   bash examples/incidents/record.sh
# The models are the project's own flawed fixtures (tools/onnx/fixtures.ts, `npm run models`).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=examples/incidents
simgate() { node bin/simgate.js "$@"; }

# A fragile item crushed: the model approaches every item at 0.9 m/s.
simgate episode --model test/fixtures/models/fragile-fast.onnx --seed 1 \
  --set items.fragile_fraction=0.5 --set cell.duration_s=30 --trace $out/crush-fragile.jsonl --quiet || true
# A heavy item dropped: the model asks for 35 m/s² and 2.5 m/s with 2.5 kg items.
simgate episode --model test/fixtures/models/heavy-hard-accel.onnx --seed 1 \
  --set items.mass_kg=2.5 --set cell.duration_s=20 --trace $out/drop-heavy.jsonl --quiet || true
# A protective stop: the gantry moving fast while a person walks by at 2 m/s.
simgate episode --model test/fixtures/models/heavy-hard-accel.onnx --seed 2 \
  --set items.mass_kg=0.5 --set people.rate_per_h=240 --set people.first_s=1 --set people.speed_mps=2 \
  --set cell.duration_s=20 --trace $out/stop-person.jsonl --quiet || true
for f in crush-fragile drop-heavy stop-person; do
  simgate trace convert $out/$f.jsonl $out/$f.mcap --quiet
done
