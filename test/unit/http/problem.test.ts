import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { HttpProblem, toProblemResponse } from '../../../src/http/problem';

describe('problem+json', () => {
  it('keeps type, code, status and detail fixed whatever the details carry', async () => {
    const app = new Hono();
    app.get('/x', () => { throw new HttpProblem(409, 'upload_closed', 'Closed.', { code: 'ok', status: 200, detail: 'fine', type: 'x', extra: 1 }); });
    app.onError((error, c) => toProblemResponse(error, c));
    const res = await app.request('/x');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'upload_closed', status: 409, detail: 'Closed.', type: 'https://pacelab.dev/problems/upload_closed', extra: 1 });
  });
});
