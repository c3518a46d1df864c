// Pure ordering for the insights tables: no DOM, so node --test can check it.

/** Turn a cell's data-sort text into a comparable key; empty cells (n/a) sort last. */
export function sortKey(text, numeric) {
  if (text === null || text === undefined || text === "") return null;
  if (numeric) {
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  return String(text).toLocaleLowerCase();
}

/** Return row indexes ordered by one column; ties keep their order; blanks go last. */
export function order(values, numeric, direction) {
  const sign = direction === "descending" ? -1 : 1;
  const keyed = values.map((v, i) => [sortKey(v, numeric), i]);
  keyed.sort((a, b) => {
    if (a[0] === null && b[0] === null) return a[1] - b[1];
    if (a[0] === null) return 1;
    if (b[0] === null) return -1;
    if (a[0] < b[0]) return -sign;
    if (a[0] > b[0]) return sign;
    return a[1] - b[1];
  });
  return keyed.map((k) => k[1]);
}

/** The direction a header moves to when pressed. */
export function nextDirection(current) {
  return current === "ascending" ? "descending" : "ascending";
}
