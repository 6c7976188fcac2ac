// Bundles the compiled CLI and app (dist/cli/main.js and every module it imports, with the pure-JavaScript
// libraries zod, drizzle-orm and commander) into dist/bundle/, which bin/lodestar.js runs. Node 20 loads
// ES modules one file at a time: a short command spent about a quarter of a second of CPU resolving and
// compiling some 250 small files (bench/cli.ts). Commands and pages stay split into chunks loaded when
// they are used. Other packages stay in node_modules: native code (argon2), WebAssembly found beside its
// module (PGlite), workers started by file name (pino, piscina), and the web stack.
//
// A module here finds files next to itself through import.meta.url (config/, policies/, workers); each
// compiled module's import.meta.url is rewritten to its own dist/ location, so those paths do not change.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const BUNDLED_PACKAGES = new Set(['zod', 'drizzle-orm', 'commander']);

const packageName = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/**
 * src/config.ts validates the environment with zod/mini as `z`. zod's modules re-export every locale,
 * which code splitting would load with any of it; this vendor file holds only the functions config uses
 * (each `z.name` in it) and the English messages.
 */
async function bundleConfigZod(distDir, outdir) {
  const source = await fs.promises.readFile(path.join(distDir, 'config.js'), 'utf8');
  const names = [...new Set([...source.matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]))].filter((n) => n !== 'locales').sort();
  const outfile = path.join(outdir, 'vendor', 'zod-config.js');
  await esbuild.build({
    stdin: {
      contents: `import en from 'zod/v4/locales/en.js';\nexport { ${names.join(', ')} } from 'zod/mini';\nexport const locales = { en };\n`,
      resolveDir: path.dirname(distDir),
      sourcefile: 'zod-config.js',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

export async function bundle(distDir) {
  const outdir = path.join(distDir, 'bundle');
  const compiled = `${distDir}${path.sep}`;
  const configZod = await bundleConfigZod(distDir, outdir);
  const configModule = path.join(distDir, 'config.js');
  const plugin = {
    name: 'lodestar-dist',
    setup(build) {
      build.onResolve({ filter: /^zod\/mini$/ }, (args) => (args.importer === configModule ? { path: `./${path.relative(outdir, configZod).split(path.sep).join('/')}`, external: true } : undefined));
      build.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED_PACKAGES.has(packageName(args.path)) ? undefined : { external: true }));
      build.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(compiled)) return undefined;
        const text = await fs.promises.readFile(args.path, 'utf8');
        const own = JSON.stringify(path.relative(outdir, args.path).split(path.sep).join('/'));
        return { contents: text.replaceAll('import.meta.url', `new URL(${own}, import.meta.url).href`), loader: 'js' };
      });
    },
  };
  await esbuild.build({
    entryPoints: { main: path.join(distDir, 'cli', 'main.js') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    plugins: [plugin],
    logLevel: 'warning',
    // commander is CommonJS: its require() of Node's modules needs a require in an ES module.
    banner: { js: "import { createRequire as lodestarCreateRequire } from 'node:module'; const require = lodestarCreateRequire(import.meta.url);" },
  });
}
