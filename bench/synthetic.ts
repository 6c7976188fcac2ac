// SYNTHETIC DATA for scale benchmarks only: a national-size GIAS establishment file made by
// repeating the real 2015 extract's rows with new URNs, LA codes and names. Every generated file
// says so in its name. Never used by tests or shipped as data.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

const root = path.resolve(new URL('..', import.meta.url).pathname);

function quote(v: string): string {
  return `"${v.replace(/"/g, '""')}"`;
}

export function writeSyntheticGias(rows: number, file: string, opts: { allInLa?: string } = {}): string {
  const real = iconv.decode(fs.readFileSync(path.join(root, 'datasets/gias-extract-2015/edubasealldata20150407_extract.csv')), 'windows-1252');
  const [header, ...templates] = parse(real, { relax_column_count: false }) as string[][];
  const laCodes = (parse(fs.readFileSync(path.join(root, 'datasets/england-2019/la_and_region_codes_meta.csv'), 'utf8'), { columns: true }) as Record<string, string>[])
    .map((r) => r.LEA ?? Object.values(r)[0])
    .filter((c) => /^\d{3}$/.test(c));
  const col = (name: string) => header.indexOf(name);
  const [urnI, laI, nameI, estabI] = [col('URN'), col('LA (code)'), col('EstablishmentName'), col('EstablishmentNumber')];
  const out: string[] = [header.map(quote).join(',')];
  for (let i = 0; i < rows; i++) {
    const r = [...templates[i % templates.length]];
    r[urnI] = String(500000 + i);
    r[laI] = opts.allInLa ?? laCodes[i % laCodes.length];
    r[estabI] = String(2000 + (i % 7000));
    r[nameI] = `${r[nameI]} (synthetic ${i})`;
    out.push(r.map(quote).join(','));
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, iconv.encode(out.join('\r\n'), 'windows-1252'));
  return file;
}
