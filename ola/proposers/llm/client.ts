// a minimal client for openai-compatible chat completions (llama.cpp server, ollama, vllm).
import { OlaError } from '../../core/errors.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmEndpoint {
  url: string;
  model: string;
  key?: string;
  timeoutMs: number;
  temperature: number;
}

/** the text of the first choice; throws with a reason on any protocol problem */
export async function chat(ep: LlmEndpoint, messages: ChatMessage[], schema: object, signal: AbortSignal): Promise<string> {
  const url = `${ep.url.replace(/\/$/, '')}/v1/chat/completions`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(ep.key ? { authorization: `Bearer ${ep.key}` } : {}) },
      body: JSON.stringify({
        model: ep.model,
        messages,
        temperature: ep.temperature,
        response_format: { type: 'json_schema', json_schema: { name: 'artifact_proposal', strict: true, schema } },
      }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(ep.timeoutMs)]),
    });
  } catch (err) {
    throw new OlaError('OLA_ERR_LLM_UNREACHABLE', `llm endpoint ${url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`llm endpoint answered ${res.status}: ${text.slice(0, 300)}`);
  let body: { choices?: { message?: { content?: unknown } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`llm endpoint answered non-json: ${text.slice(0, 200)}`);
  }
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new Error('llm answer has no choices[0].message.content');
  return content;
}
