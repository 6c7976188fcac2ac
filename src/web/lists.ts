// What every long list page shares: the query string it was asked with (so sorting, paging and export
// keep the filters), GOV.UK pagination, and sortable column headers as plain links (no script).
import type { FastifyReply } from 'fastify';
import { toCsv } from './csv.js';
import { toXlsx } from './xlsx.js';

export const PAGE_SIZE = 50;
export type SortDir = 'asc' | 'desc';

export interface ListState {
  path: string;
  /** The filters as asked, without page, sort and direction. */
  filters: Record<string, string>;
  page: number;
  sort: string;
  dir: SortDir;
}

function query(state: ListState, extra: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams(Object.entries(state.filters).filter(([, v]) => v !== ''));
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Links for the page: the same list sorted, paged or exported. */
export function listLinks(state: ListState) {
  const keep = { sort: state.sort, dir: state.dir };
  return {
    page: (n: number) => `${state.path}${query(state, { ...keep, page: n })}`,
    exportHref: (format: 'csv' | 'xlsx', path = state.path) => `${path}.${format}${query(state, keep)}`,
  };
}

/** The GOV.UK pagination component's parameters, with ellipses on long runs; null for one page. */
export function paginationFor(state: ListState, pages: number) {
  if (pages <= 1) return null;
  const { page } = state;
  const link = listLinks(state).page;
  const items = Array.from({ length: pages }, (_, i) => i + 1)
    .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
    .flatMap((n, i, arr) => {
      const item = { number: n, href: link(n), current: n === page };
      return i > 0 && n - arr[i - 1] > 1 ? [{ ellipsis: true }, item] : [item];
    });
  return {
    previous: page > 1 ? { href: link(page - 1) } : undefined,
    next: page < pages ? { href: link(page + 1) } : undefined,
    items,
  };
}

export interface Column {
  key: string;
  label: string;
  /** False for a column the list cannot be sorted by. */
  sortable?: boolean;
  numeric?: boolean;
}

/**
 * Column headers for the sortable-table pattern without script: each sortable header is a link to the
 * same filtered list sorted by it (first page), turning round when it is already the sort; aria-sort says
 * which column sorts the list.
 */
export function sortHeaders(state: ListState, columns: Column[], defaultDir: Record<string, SortDir> = {}) {
  return columns.map((c) => {
    const active = c.key === state.sort;
    const nextDir: SortDir = active ? (state.dir === 'asc' ? 'desc' : 'asc') : (defaultDir[c.key] ?? 'asc');
    return {
      ...c,
      active,
      ariaSort: active ? (state.dir === 'asc' ? 'ascending' : 'descending') : c.sortable === false ? undefined : 'none',
      href: c.sortable === false ? undefined : `${state.path}${query(state, { sort: c.key, dir: nextDir })}`,
    };
  });
}

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

export interface ExportColumn {
  key: string;
  header: string;
}

/** A filtered list as CSV or XLSX: the same rows, the same columns, the same headers. */
export async function sendList(
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  filename: string,
  columns: readonly ExportColumn[],
  rows: readonly Record<string, unknown>[],
): Promise<FastifyReply> {
  if (format === 'xlsx') {
    const body = await toXlsx(filename, columns, rows);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename="${filename}.xlsx"`)
      .send(body);
  }
  const headed = rows.map((r) => Object.fromEntries(columns.map((c) => [c.header, r[c.key]])));
  return reply
    .header('Content-Type', 'text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${filename}.csv"`)
    .send(toCsv(columns.map((c) => c.header), headed));
}
