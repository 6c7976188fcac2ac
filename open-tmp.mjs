import v8 from 'node:v8';
if (process.env.FLAGS) v8.setFlagsFromString(process.env.FLAGS);
const { PGlite } = await import('@electric-sql/pglite');
const c0 = process.cpuUsage(); const t0 = performance.now();
const c = await PGlite.create('/tmp/npx-data-copy', { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'] });
await c.query('select count(*) from schools');
const u = process.cpuUsage(c0);
console.log(process.env.FLAGS || 'default', 'create+q wall', (performance.now()-t0).toFixed(0), 'cpu', ((u.user+u.system)/1000).toFixed(0));
await c.close();
