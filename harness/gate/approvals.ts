// Approval files for `require_approval`: a YAML list of the model hashes a person approved,
//   approvals:
//     - sha256: 3f5a...   # the candidate's ONNX sha256
//       by: jane.doe
//       note: reviewed the near-person slice by hand
// Only `sha256` is read; the rest is for the humans reading the file.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigProblem } from './configError.js';

export function parseApprovals(text: string, file: string): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const problems: ConfigProblem[] = doc.errors.map((e) => ({
    file,
    ...lineCounter.linePos(e.pos[0]),
    path: '',
    message: e.message.split('\n')[0],
  }));
  if (problems.length > 0) throw new ConfigError(problems);
  const data = doc.toJS() as { approvals?: unknown } | null;
  const list = data?.approvals;
  if (!Array.isArray(list))
    throw new ConfigError([
      { file, line: 1, col: 1, path: 'approvals', message: 'must be a list of {sha256, by, note}' },
    ]);
  const out: string[] = [];
  list.forEach((entry, i) => {
    const sha = typeof entry === 'string' ? entry : (entry as { sha256?: unknown })?.sha256;
    if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) {
      const node = doc.getIn(['approvals', i], true) as { range?: [number, number] } | undefined;
      const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
      problems.push({
        file,
        ...pos,
        path: `approvals.${i}.sha256`,
        message: 'must be a 64-digit lowercase hex sha256',
      });
    } else out.push(sha);
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

export function loadApprovals(path: string): string[] {
  return parseApprovals(readFileSync(path, 'utf8'), path);
}
