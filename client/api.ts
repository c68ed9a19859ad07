/** An error answered by the Accord API, with its message meant for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Calls the Accord API with JSON in and out; a non-2xx answer throws an ApiError. */
export async function api<T>(path: string, options: { method?: string; json?: unknown } = {}): Promise<T> {
  const init: RequestInit = { method: options.method ?? 'GET', credentials: 'same-origin', headers: {} };
  if (options.json !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'Cannot reach the Accord server. Check your connection and try again.');
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = (body as { error?: string } | null)?.error ?? `The server answered ${response.status}`;
    if (response.status === 401) window.dispatchEvent(new CustomEvent('accord:signed-out'));
    throw new ApiError(response.status, message, (body as Record<string, unknown>) ?? {});
  }
  return body as T;
}
