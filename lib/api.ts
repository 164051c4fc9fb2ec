import type { z } from 'zod';
import {
  ApiErrorSchema,
  CustomerProfileResponseSchema,
  CustomerResponseSchema,
  LoginResponseSchema,
  MacroImportResponseSchema,
  MacroImportRowErrorSchema,
  MacroListResponseSchema,
  MacroPinsResponseSchema,
  MacroResponseSchema,
  MeResponseSchema,
  MessagePageResponseSchema,
  type CustomerPatchRequest,
  type CustomerProfileResponse,
  type LoginRequest,
  type LoginResponse,
  type MacroImportRequest,
  type MacroImportResponse,
  type MacroImportRowError,
  type MacroInput,
  type MacroListResponse,
  type MacroPin,
  type MacroPinsResponse,
  type MacroResponse,
  type MeResponse,
  type MessagePageResponse,
} from '../protocol';
import type { Failure, Result } from './messages';

export type CustomerResponse = z.infer<typeof CustomerResponseSchema>;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiOptions {
  /** Normalized server address, e.g. `https://chat.example.com` (no trailing slash). */
  serverUrl: string;
  token?: string | null;
  /** Injected in tests; defaults to the global `fetch` at call time. */
  fetch?: FetchLike;
  /** Give up on a request after this many milliseconds (default 15 s). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** A failure for a server that cannot be reached at all. */
export function unreachable(serverUrl: string): Failure {
  return {
    ok: false,
    code: 'network',
    message: `Can't reach the Rapport server at ${serverUrl}. Check the address and that the server is running.`,
  };
}

/** Typed REST client for the agent API. Every method answers a Result; none throws. */
export class ApiClient {
  readonly serverUrl: string;
  private readonly token: string | null;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;

  constructor(options: ApiOptions) {
    this.serverUrl = options.serverUrl;
    this.token = options.token ?? null;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  login(body: LoginRequest): Promise<Result<LoginResponse>> {
    return this.request('POST', '/api/auth/login', LoginResponseSchema, body);
  }

  logout(): Promise<Result<object>> {
    return this.request<object>('POST', '/api/auth/logout', null);
  }

  me(): Promise<Result<MeResponse>> {
    return this.request('GET', '/api/me', MeResponseSchema);
  }

  /** A page of messages, oldest first: the latest `limit`, or those before `before`. */
  messages(
    conversationId: string,
    page: { limit?: number; before?: number } = {},
  ): Promise<Result<MessagePageResponse>> {
    const query = new URLSearchParams({ limit: String(page.limit ?? 50) });
    if (page.before !== undefined) query.set('before', String(page.before));
    const path = `/api/conversations/${encodeURIComponent(conversationId)}/messages?${query}`;
    return this.request('GET', path, MessagePageResponseSchema);
  }

  /** A customer's profile with their conversations and pages visited (newest first). */
  customerProfile(customerId: string): Promise<Result<CustomerProfileResponse>> {
    const path = `/api/customers/${encodeURIComponent(customerId)}`;
    return this.request('GET', path, CustomerProfileResponseSchema);
  }

  /** Change the fields given (name, phone, notes, tags); the answer holds the saved customer. */
  updateCustomer(
    customerId: string,
    patch: CustomerPatchRequest,
  ): Promise<Result<CustomerResponse>> {
    const path = `/api/customers/${encodeURIComponent(customerId)}`;
    return this.request('PATCH', path, CustomerResponseSchema, patch);
  }

  /** The agent's macros: team macros and their own personal ones. */
  macros(): Promise<Result<MacroListResponse>> {
    return this.request('GET', '/api/macros', MacroListResponseSchema);
  }

  /** Replace the agent's pins (Alt+1…9); the answer holds them as saved. */
  setMacroPins(pins: MacroPin[]): Promise<Result<MacroPinsResponse>> {
    return this.request('PUT', '/api/macros/pins', MacroPinsResponseSchema, { pins });
  }

  /** Create a macro (no id: POST) or replace one (id: PUT); the answer holds the saved macro. */
  saveMacro(id: string | undefined, input: MacroInput): Promise<Result<MacroResponse>> {
    if (id === undefined) return this.request('POST', '/api/macros', MacroResponseSchema, input);
    const path = `/api/macros/${encodeURIComponent(id)}`;
    return this.request('PUT', path, MacroResponseSchema, input);
  }

  deleteMacro(id: string): Promise<Result<object>> {
    return this.request<object>('DELETE', `/api/macros/${encodeURIComponent(id)}`, null);
  }

  /**
   * Import macros, all or nothing. A refusal keeps the server's `rowErrors` (which row is wrong
   * and why) in the Failure.
   */
  async importMacros(
    request: MacroImportRequest,
  ): Promise<Result<MacroImportResponse> | (Failure & { rowErrors?: MacroImportRowError[] })> {
    const sent = await this.send('POST', '/api/macros/import', request);
    if (!sent.ok) return sent;
    const { response } = sent;
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const failure: Failure & { rowErrors?: MacroImportRowError[] } = toFailureFrom(
        response,
        body,
      );
      const rowErrors = MacroImportRowErrorSchema.array().safeParse(
        (body as { rowErrors?: unknown } | undefined)?.rowErrors,
      );
      if (rowErrors.success) failure.rowErrors = rowErrors.data;
      return failure;
    }
    const parsed = MacroImportResponseSchema.safeParse(body);
    if (!parsed.success) return unexpectedAnswer(response.status);
    return { ok: true, ...parsed.data };
  }

  /** The agent's visible macros as the text of a JSON or CSV file, as the server wrote it. */
  async exportMacros(format: 'json' | 'csv'): Promise<Result<{ text: string }>> {
    const query = new URLSearchParams({ format });
    const accept = format === 'csv' ? 'text/csv' : 'application/json';
    const sent = await this.send('GET', `/api/macros/export?${query}`, undefined, accept);
    if (!sent.ok) return sent;
    const { response } = sent;
    if (!response.ok) return toFailure(response);
    try {
      return { ok: true, text: await response.text() };
    } catch {
      return unreachable(this.serverUrl);
    }
  }

  private async request<T extends object>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    schema: z.ZodType<T> | null,
    body?: unknown,
  ): Promise<Result<T>> {
    const sent = await this.send(method, path, body);
    if (!sent.ok) return sent;
    const { response } = sent;
    if (!response.ok) return toFailure(response);
    if (schema === null) return { ok: true } as Result<T>;
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) return unexpectedAnswer(response.status);
    return { ok: true, ...parsed.data };
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    accept = 'application/json',
  ): Promise<{ ok: true; response: Response } | Failure> {
    const headers: Record<string, string> = { accept };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    try {
      const response = await this.fetchImpl(this.serverUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { ok: true, response };
    } catch {
      return unreachable(this.serverUrl);
    }
  }
}

function unexpectedAnswer(status: number): Failure {
  return {
    ok: false,
    code: 'internal',
    message: `The Rapport server sent an answer this extension does not understand (HTTP ${status}). Update the extension or the server so that they match.`,
  };
}

/** Map an error response to a Failure, keeping the server's own sentence when it sent one. */
async function toFailure(response: Response): Promise<Failure> {
  return toFailureFrom(response, await response.json().catch(() => undefined));
}

/** toFailure with the response body already read (`undefined` if it was not JSON). */
function toFailureFrom(response: Response, body: unknown): Failure {
  const parsed = ApiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, retryAfterSeconds } = parsed.data;
    const failure: Failure = { ok: false, code, message };
    if (retryAfterSeconds !== undefined) failure.retryAfterSeconds = retryAfterSeconds;
    return failure;
  }
  if (response.status === 401) {
    return { ok: false, code: 'unauthorized', message: 'Your session ended. Sign in again.' };
  }
  if (response.status === 429) {
    const retry = Number(response.headers.get('retry-after'));
    const failure: Failure = {
      ok: false,
      code: 'rate_limited',
      message: 'Too many attempts. Wait a moment and try again.',
    };
    if (Number.isInteger(retry) && retry > 0) failure.retryAfterSeconds = retry;
    return failure;
  }
  if (response.status === 404) {
    return {
      ok: false,
      code: 'not_found',
      message: 'The server at this address does not look like a Rapport server. Check the address.',
    };
  }
  return {
    ok: false,
    code: 'internal',
    message: `The Rapport server answered with an error (HTTP ${response.status}). Try again in a moment.`,
  };
}
