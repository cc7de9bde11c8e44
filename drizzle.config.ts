import { defineConfig } from 'drizzle-kit';

// Two kinds of D1 database, one migration folder each (applied by wrangler, local and remote):
//   DRIZZLE_DB=data      (default) data shards DB_0…DB_{N-1}: src/adapters/d1/schema.ts → migrations/data
//   DRIZZLE_DB=directory the directory DIRECTORY: src/adapters/d1/directory-schema.ts → migrations/directory
// `npm run db:generate` runs both.
const kind = process.env.DRIZZLE_DB === 'directory' ? 'directory' : 'data';

export default defineConfig({
  dialect: 'sqlite',
  schema: kind === 'directory' ? './src/adapters/d1/directory-schema.ts' : './src/adapters/d1/schema.ts',
  out: `./migrations/${kind}`,
});
