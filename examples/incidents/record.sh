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

# A stream incident: a six-minute NaN burst in a temperature stream; the production forecaster
# (temp-forecast-v1) answers NaN. Recorded as telemetry, kept as the sensor CSV a field logger writes.
simgate episode --task stream --model models/temp-forecast-v1.onnx --seed 1 --horizon-h 4 \
  --fault nan:start_h=2,end_h=2.1 --invariant no_nan_forecast --trace /tmp/nan-burst.jsonl --quiet || true
node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
import { formatSensorCsv } from "./dist/harness/monitor/csv.js";
import { readSensorJsonl } from "./dist/harness/monitor/jsonl.js";
const { table } = readSensorJsonl("nan-burst.jsonl", readFileSync("/tmp/nan-burst.jsonl", "utf8"));
writeFileSync("examples/incidents/nan-burst-temperature.csv", formatSensorCsv(table));
'
