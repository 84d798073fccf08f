// Side-by-side rows for two texts: lines both have are shown on one row; lines only one side has are marked, and a
// changed line sits beside its counterpart. A longest-common-subsequence over lines, after trimming the common
// start and end; beyond a size where that would stall the page, the middle is shown as one changed block.

const MAX_CELLS = 4_000_000;

export function lines(text) {
  if (text === '') return [];
  const all = text.split(/\r\n|\n|\r/);
  if (all[all.length - 1] === '') all.pop();
  return all;
}

/** [{left, right, kind: 'same' | 'changed' | 'removed' | 'added', leftNo, rightNo}] */
export function sideBySide(leftText, rightText) {
  const a = lines(leftText);
  const b = lines(rightText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops = [];
  for (let i = 0; i < start; i++) ops.push(['same', i, i]);
  ops.push(...middle(a, b, start, endA, start, endB));
  for (let i = endA, j = endB; i < a.length; i++, j++) ops.push(['same', i, j]);
  return rows(ops, a, b);
}

function middle(a, b, a0, a1, b0, b1) {
  const n = a1 - a0;
  const m = b1 - b0;
  const ops = [];
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    for (let i = a0; i < a1; i++) ops.push(['removed', i, -1]);
    for (let j = b0; j < b1; j++) ops.push(['added', -1, j]);
    return ops;
  }
  // lcs[i][j]: the common subsequence length of a[a0+i..] and b[b0+j..]
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[a0 + i] === b[b0 + j]
        ? lcs[(i + 1) * width + j + 1] + 1
        : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[a0 + i] === b[b0 + j]) {
      ops.push(['same', a0 + i++, b0 + j++]);
    } else if (j < m && (i === n || lcs[i * width + j + 1] >= lcs[(i + 1) * width + j])) {
      ops.push(['added', -1, b0 + j++]);
    } else {
      ops.push(['removed', a0 + i++, -1]);
    }
  }
  return ops;
}

/** Pairs each run of removed lines with the run of added lines beside it, so a changed line sits on one row. */
function rows(ops, a, b) {
  const out = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k][0] === 'same') {
      const [, i, j] = ops[k++];
      out.push({kind: 'same', left: a[i], right: b[j], leftNo: i + 1, rightNo: j + 1});
      continue;
    }
    const removed = [];
    const added = [];
    while (k < ops.length && ops[k][0] !== 'same') {
      if (ops[k][0] === 'removed') removed.push(ops[k][1]);
      else added.push(ops[k][2]);
      k++;
    }
    for (let r = 0; r < Math.max(removed.length, added.length); r++) {
      const i = removed[r];
      const j = added[r];
      const kind = i !== undefined && j !== undefined ? 'changed' : i !== undefined ? 'removed' : 'added';
      out.push({
        kind,
        left: i !== undefined ? a[i] : null,
        right: j !== undefined ? b[j] : null,
        leftNo: i !== undefined ? i + 1 : null,
        rightNo: j !== undefined ? j + 1 : null,
      });
    }
  }
  return out;
}
