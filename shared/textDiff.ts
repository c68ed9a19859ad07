/** A run of words that is the same in both texts, only in the old one, or only in the new one. */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/**
 * Words and runs of white space as separate tokens, so joining the parts gives back the text
 * and a word followed by a new line still matches the same word followed by a space.
 */
function tokenize(text: string): string[] {
  return text.match(/\S+|\s+/g) ?? [];
}

/**
 * Word-level difference between what was signed and what is there now (longest common
 * subsequence). Sections are a few hundred words, so the quadratic table is small; past
 * `maxCells` it falls back to "all removed, all added" rather than stall the page.
 */
export function diffWords(before: string, after: string, maxCells = 4_000_000): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  if ((middleA.length + 1) * (middleB.length + 1) > maxCells) {
    push('removed', middleA.join(''));
    push('added', middleB.join(''));
  } else {
    const rows = middleA.length;
    const columns = middleB.length;
    const table = new Uint32Array((rows + 1) * (columns + 1));
    for (let row = rows - 1; row >= 0; row -= 1) {
      for (let column = columns - 1; column >= 0; column -= 1) {
        table[row * (columns + 1) + column] =
          middleA[row] === middleB[column]
            ? table[(row + 1) * (columns + 1) + column + 1]! + 1
            : Math.max(table[(row + 1) * (columns + 1) + column]!, table[row * (columns + 1) + column + 1]!);
      }
    }
    let row = 0;
    let column = 0;
    while (row < rows && column < columns) {
      if (middleA[row] === middleB[column]) {
        push('same', middleA[row]!);
        row += 1;
        column += 1;
      } else if (table[(row + 1) * (columns + 1) + column]! >= table[row * (columns + 1) + column + 1]!) {
        push('removed', middleA[row]!);
        row += 1;
      } else {
        push('added', middleB[column]!);
        column += 1;
      }
    }
    push('removed', middleA.slice(row).join(''));
    push('added', middleB.slice(column).join(''));
  }
  push('same', a.slice(endA).join(''));
  return parts;
}
