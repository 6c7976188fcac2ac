// CONSTRUCTED test rows for Ofsted's current (report-card) MI layout. No 2025/26 file is held here
// (datasets/README.md), so rows are built from the published header (datasets/OFSTED-MI-FORMAT.md, the
// column names public parsers of the 2026 files read). The URNs are real Hertfordshire schools; the
// judgements are constructed and stand for no real inspection.

/** The published header of "latest inspections as at <date>", the columns Lodestar reads (real files have ~85). */
export const CURRENT_LATEST_HEADER = [
  'URN', 'LAESTAB', 'School name', 'Ofsted phase', 'Type of education', 'Web Link (opens in new window)',
  'Inspection type', 'Inspection start date', 'Inspection end date', 'Publication date', 'Category of concern', 'Most recent category of concern',
  'Safeguarding standards', 'Inclusion', 'Curriculum and teaching', 'Achievement', 'Attendance and behaviour',
  'Personal development and wellbeing', 'Early years (where applicable)', 'Post-16 provision (where applicable)', 'Leadership and governance',
  'Latest OEIF overall effectiveness', 'Latest OEIF quality of education', 'Latest OEIF behaviour and attitudes', 'Latest OEIF personal development',
  'Latest OEIF effectiveness of leadership and management', 'Latest OEIF sixth form provision (where applicable)',
  'Inspection start date of latest OEIF graded inspection', 'Publication date of latest OEIF graded inspection', 'URN at time of latest OEIF graded inspection',
  'Ungraded inspection overall outcome', 'Date of latest ungraded inspection',
] as const;

/** "All inspections – year to date": one row per inspection (our assumption of its columns: see ofsted-mi.ts). */
export const CURRENT_YEAR_TO_DATE_HEADER = [
  'Inspection number', 'URN', 'LAESTAB', 'School name', 'Ofsted phase', 'Type of education',
  'Inspection type', 'Inspection start date', 'Inspection end date', 'Publication date', 'Category of concern',
  'Safeguarding standards', 'Inclusion', 'Curriculum and teaching', 'Achievement', 'Attendance and behaviour',
  'Personal development and wellbeing', 'Early years (where applicable)', 'Post-16 provision (where applicable)', 'Leadership and governance',
  'Ungraded inspection overall outcome',
] as const;

export type CurrentRow = Partial<Record<(typeof CURRENT_LATEST_HEADER)[number] | (typeof CURRENT_YEAR_TO_DATE_HEADER)[number], string>>;

/** A full row of the header: every cell the file leaves empty says NULL, as Ofsted's files do. */
export function currentRow(header: readonly string[], cells: CurrentRow): Record<string, string> {
  return Object.fromEntries(header.map((h) => [h, (cells as Record<string, string>)[h] ?? 'NULL']));
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The rows as a CSV file's text (CRLF, as Ofsted publishes), optionally under a title line. */
export function currentCsv(header: readonly string[], rows: CurrentRow[], title?: string): string {
  const lines = [header.map(quote).join(','), ...rows.map((r) => header.map((h) => quote(currentRow(header, r)[h])).join(','))];
  return (title ? `${title}\r\n` : '') + lines.join('\r\n') + '\r\n';
}

/** Windows-1252 bytes of `text` (Ofsted's encoding): the few characters outside Latin-1 that the files use. */
export function windows1252(text: string): Buffer {
  const special: Record<string, number> = { '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
  return Buffer.from([...text].map((ch) => special[ch] ?? (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 0x3f)));
}
