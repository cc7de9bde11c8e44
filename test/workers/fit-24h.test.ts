// Issue 7: a 24-hour, 1 Hz run (HR, power, GPS; ~3.2 MB, written by fit-file-parser's encoder in
// Node, test/support/fit-24h.ts) must import in the real runtime. fit-file-parser needed ~30 MB
// of heap per MB, so this file could not fit a 128 MB isolate before the fast decoder.
import { env } from 'cloudflare:test';
import { parquetMetadata } from 'hyparquet';
import { expect, it } from 'vitest';
import { api, signup, uploadFiles, waitForJob } from './helpers';

const SECONDS = 86_400;

it('imports the generated 24 h run: one session, 86,400 records, job completed', async () => {
  const bytes = Uint8Array.from(atob(env.FIT_24H), (c) => c.charCodeAt(0));
  expect(bytes.length).toBeGreaterThan(3_000_000);
  const { token } = await signup();

  const { status, body } = await uploadFiles(token, [{ name: 'ultra-24h.fit', bytes }]);
  expect(status).toBe(202);
  const job = await waitForJob(token, body.job.id, 50_000);
  expect(job.status).toBe('completed');
  expect(job.counts).toMatchObject({ found: 1, imported: 1, rejected: 0, failed: 0 });
  const [file] = job.files;
  expect(file).toMatchObject({ name: 'ultra-24h.fit', status: 'imported' });
  const sessionIds = file!.sessionIds ?? [file!.sessionId!];
  expect(sessionIds).toHaveLength(1);

  const id = sessionIds[0]!;
  const detail = await (await api(`/sessions/${id}`, { token })).json<{ sport: string; startTime: string; recordCount: number }>();
  expect(detail).toMatchObject({ sport: 'running', startTime: '2024-06-01T05:00:00.000Z', recordCount: SECONDS });

  const parquet = await api(`/sessions/${id}/records`, { token });
  expect(parquet.status).toBe(200);
  expect(Number(parquetMetadata(await parquet.arrayBuffer()).num_rows)).toBe(SECONDS);

  const json = await (await api(`/sessions/${id}/records?format=json`, { token })).json<{ columns: { name: string }[]; rows: unknown[][] }>();
  expect(json.rows).toHaveLength(SECONDS);
  // the channels the issue names made it through: HR, power and GPS
  expect(json.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['timestamp', 'heart_rate', 'power', 'position_lat', 'position_long']));
}, 60_000);
