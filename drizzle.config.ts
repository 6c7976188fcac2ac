import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/schema.ts', './src/db/schema-evidence.ts', './src/db/schema-categorisation.ts', './src/db/schema-engagement.ts', './src/db/schema-jobs.ts', './src/db/schema-intervention.ts', './src/db/schema-comparators.ts', './src/db/schema-selfeval.ts', './src/db/schema-releases.ts', './src/db/schema-support.ts', './src/db/schema-strategic.ts', './src/db/schema-cache.ts'],
  out: './drizzle',
});
