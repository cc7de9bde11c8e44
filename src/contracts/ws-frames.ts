/**
 * WebSocket frames from the runner's coordinator to the browser's banner: one discriminated
 * union, validated where it is read. A snapshot on connect, then one frame per job change.
 */
import { z } from 'zod';

const counts = z.record(z.string(), z.number());

export const bannerJob = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  stage: z.string(),
  counts,
  /** rejected/failed files and failed steps, with their reasons (at most 20) */
  problems: z.array(z.object({ name: z.string(), code: z.string().optional(), message: z.string().optional() })),
  progress: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  createdAt: z.number(),
  finishedAt: z.number().optional(),
});

export const serverFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), jobs: z.array(bannerJob) }),
  z.object({ type: z.literal('job'), job: bannerJob }),
  z.object({ type: z.literal('pong') }),
]);

export const clientFrame = z.discriminatedUnion('type', [z.object({ type: z.literal('ping') })]);

export type BannerJob = z.infer<typeof bannerJob>;
export type ServerFrame = z.infer<typeof serverFrame>;
export type ClientFrame = z.infer<typeof clientFrame>;

export function parseServerFrame(text: string): ServerFrame {
  return serverFrame.parse(JSON.parse(text));
}

export function parseClientFrame(text: string): ClientFrame {
  return clientFrame.parse(JSON.parse(text));
}
