import type { Coordinator, CoordinatorSocket } from '../ports';

/**
 * The runner's coordinator, one Durable Object per runner (named by runner id), reached by RPC.
 * The stub's methods are the Coordinator port; the namespace type stays structural so this
 * adapter does not import the Durable Object class from workers/.
 */
export function coordinatorFor(namespace: { getByName(name: string): unknown }, runnerId: string): Coordinator {
  const stub = namespace.getByName(runnerId) as Coordinator;
  return {
    createJob: (input) => stub.createJob(input),
    addFiles: (jobId, files) => stub.addFiles(jobId, files),
    markFileStarted: (jobId, fileId) => stub.markFileStarted(jobId, fileId),
    reportFileOutcome: (jobId, fileId, outcome) => stub.reportFileOutcome(jobId, fileId, outcome),
    markFilesStarted: (files) => stub.markFilesStarted(files),
    reportFileOutcomes: (reports) => stub.reportFileOutcomes(reports),
    markStepStarted: (jobId, stepId) => stub.markStepStarted(jobId, stepId),
    reportStepOutcome: (jobId, stepId, outcome) => stub.reportStepOutcome(jobId, stepId, outcome),
    createJobWithin: (input, maxOpen) => stub.createJobWithin(input, maxOpen),
    getJob: (jobId, files) => stub.getJob(jobId, files),
    listJobFiles: (jobId, query) => stub.listJobFiles(jobId, query),
    listJobs: (options) => stub.listJobs(options),
    cancelJob: (jobId) => stub.cancelJob(jobId),
  };
}

/** The same coordinator as a WebSocket endpoint: the upgrade request goes to the stub's fetch. */
export function coordinatorSocketFor(namespace: { getByName(name: string): unknown }, runnerId: string): CoordinatorSocket {
  const stub = namespace.getByName(runnerId) as { fetch(request: Request): Promise<Response> };
  return { connect: (request) => stub.fetch(request) };
}

/** Closes the runner's coordinator for an account deletion (sockets, alarm, storage). */
export function coordinatorCloserFor(namespace: { getByName(name: string): unknown }, runnerId: string): () => Promise<void> {
  const stub = namespace.getByName(runnerId) as { closeForDeletedAccount(): Promise<void> };
  return () => stub.closeForDeletedAccount();
}
