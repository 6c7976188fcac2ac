// Reads a calendar file from config/calendars. The only I/O in the calendar module; everything
// else takes the built SchoolCalendar so tests and other LAs can supply their own.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCalendar, type SchoolCalendar } from './academic-year.js';

const CONFIG_DIR = new URL('../../../config/calendars/', import.meta.url);

export function calendarPath(id: string): string {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`"${id}" is not a calendar id`);
  return fileURLToPath(new URL(`${id}.json`, CONFIG_DIR));
}

/** Loads and validates config/calendars/<id>.json (default: the England default pattern). */
export function loadCalendar(id = 'england-default'): SchoolCalendar {
  const path = calendarPath(id);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read calendar ${id}.json: ${(err as Error).message}`, { cause: err });
  }
  return buildCalendar(json, `${id}.json`);
}
