// Rows read for many schools at once, split back per school in the order they were read.
export function groupByUrn<T extends { urn: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.urn);
    if (list) list.push(r);
    else m.set(r.urn, [r]);
  }
  return m;
}
