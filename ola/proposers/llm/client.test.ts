import { describe, expect, it } from 'vitest';
import { chat } from './client.ts';

describe('llm client', () => {
  it('names an endpoint that does not answer OLA_ERR_LLM_UNREACHABLE, not the lab', async () => {
    const ep = { url: 'http://127.0.0.1:9', model: 'm', timeoutMs: 5000, temperature: 0 };
    await expect(chat(ep, [{ role: 'user', content: 'hi' }], {}, new AbortController().signal)).rejects.toMatchObject({ code: 'OLA_ERR_LLM_UNREACHABLE' });
  });
});
