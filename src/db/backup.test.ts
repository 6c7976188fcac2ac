import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backup, restore } from './backup.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};

describe('backup and restore refuse clearly', () => {
  it('says the PostgreSQL client tools are missing instead of failing obscurely', async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, 'no-tools-here');
    try {
      await expect(backup({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '' }, path.join(dir, 'x.dump'))).rejects.toThrow(/pg_dump was not found: install the PostgreSQL client tools/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('refuses to back up an embedded database that does not exist', async () => {
    await expect(backup({ dataDir: path.join(dir, 'nothing') }, path.join(dir, 'y.dump'))).rejects.toThrow(/there is no database in .*nothing to back up/);
  });

  it("refuses a file that is not a backup, and one engine's backup on the other", async () => {
    const target = { dataDir: path.join(dir, 'restored') };
    await expect(restore(target, file('notes.txt', 'URN,name\n117083,Abbots Langley School\n'))).rejects.toThrow(/is not a Lodestar backup/);
    await expect(restore(target, file('pg.dump', 'PGDMP\u0001\u000e'))).rejects.toThrow(/is a pg_dump backup of a PostgreSQL database; restore it with DATABASE_URL/);
    await expect(restore({ ...target, databaseUrl: 'postgres://postgres@127.0.0.1:1/none' }, file('pglite.dump', Buffer.from([0x1f, 0x8b, 8, 0])))).rejects.toThrow(/backup of an embedded \(PGlite\) database/);
    expect(fs.existsSync(target.dataDir)).toBe(false);
  });
});
