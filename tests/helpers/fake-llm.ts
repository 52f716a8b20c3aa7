// a local server that speaks openai chat completions, answering from a script. for llm tests.
import Fastify from 'fastify';

export interface FakeLlm {
  url: string;
  requests: { model: string; messages: { role: string; content: string }[]; response_format?: { type: string; json_schema?: { schema: unknown } } }[];
  close(): Promise<void>;
}

/** `answers` are message contents (or an http status to fail with), served in order, then repeated from the last */
export async function fakeLlm(answers: (string | { status: number })[]): Promise<FakeLlm> {
  const app = Fastify();
  const requests: FakeLlm['requests'] = [];
  app.post('/v1/chat/completions', async (req, reply) => {
    requests.push(req.body as FakeLlm['requests'][number]);
    const a = answers[Math.min(requests.length - 1, answers.length - 1)]!;
    if (typeof a !== 'string') return reply.code(a.status).send({ error: { message: 'scripted failure' } });
    return { id: `c${requests.length}`, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: a }, finish_reason: 'stop' }] };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, requests, close: () => app.close() };
}
