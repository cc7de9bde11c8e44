import { applyD1Migrations, env } from 'cloudflare:test';
import { readShardBindings } from '../../src/adapters/d1/shards';

// The directory and every bound data shard (≥ 2 in test/wrangler.test.toml), each opened for new
// runners, as scripts/start.mjs does for `npm start`.
const { directory, shards } = readShardBindings(env);
await applyD1Migrations(directory, env.TEST_MIGRATIONS_DIRECTORY);
for (const shard of shards) if (shard) await applyD1Migrations(shard, env.TEST_MIGRATIONS_DATA);
await directory.batch(shards.flatMap((shard, idx) => (shard
  ? [directory.prepare("INSERT OR IGNORE INTO shards (idx, status, runners, updated_at) VALUES (?, 'open', 0, 0)").bind(idx)]
  : [])));
