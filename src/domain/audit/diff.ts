// An audit entry's before and after as a reader follows it: one line per field that changed,
// "field: old → new", instead of two blobs of JSON to compare by eye.

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

const MAX_VALUE = 200;

function words(path: string): string {
  return path
    .split('.')
    .map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase())
    .join(' › ');
}

function show(v: unknown): string | null {
  if (v === undefined) return null;
  if (v === null) return 'blank';
  if (typeof v === 'string') return v === '' ? 'blank' : v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))) return v.length ? v.join(', ') : 'none';
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Leaves of nested objects by dotted path; arrays and scalars are leaves. */
function flatten(v: unknown, prefix: string, out: Map<string, unknown>, depth = 0): void {
  if (isPlainObject(v) && depth < 4) {
    const keys = Object.keys(v);
    if (!keys.length && prefix) out.set(prefix, v);
    for (const k of keys) flatten(v[k], prefix ? `${prefix}.${k}` : k, out, depth + 1);
  } else if (prefix) out.set(prefix, v);
  else if (v !== null && v !== undefined) out.set('value', v);
}

/** The fields that differ between before and after (a field only in one side is a change from or to nothing). */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const b = new Map<string, unknown>();
  const a = new Map<string, unknown>();
  flatten(before, '', b);
  flatten(after, '', a);
  const out: FieldChange[] = [];
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    const bv = b.get(key);
    const av = a.get(key);
    if (JSON.stringify(bv) === JSON.stringify(av)) continue;
    out.push({ field: words(key), before: show(bv), after: show(av) });
  }
  return out;
}

/** One line per change, as the CSV and XLSX exports carry it. */
export function auditChangesText(before: unknown, after: unknown): string {
  return auditChanges(before, after)
    .map((c) => (c.before === null ? `${c.field}: ${c.after}` : c.after === null ? `${c.field}: ${c.before} → (removed)` : `${c.field}: ${c.before} → ${c.after}`))
    .join('\n');
}
