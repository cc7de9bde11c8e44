import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes migrations/NNNN_name.sql, applied by wrangler (local and remote).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/adapters/d1/schema.ts',
  out: './migrations',
});
