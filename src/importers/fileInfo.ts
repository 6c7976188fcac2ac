import crypto from 'node:crypto';
import fs from 'node:fs';
import { isIsoDate } from '../domain/calendar/dates.js';

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** GIAS downloads are named edubasealldataYYYYMMDD.csv: that date is the file's "as at". */
export function asAtFromFileName(fileName: string): string | null {
  const m = /(20\d{2})(\d{2})(\d{2})/.exec(fileName);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return isIsoDate(iso) ? iso : null;
}
