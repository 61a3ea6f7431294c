// A small typed GraphQL-over-HTTP client: one POST per operation to the API's own origin,
// the bearer token from the session, and errors turned into ApiError with the server's code,
// reason and per-field problems (extensions.fields), exactly as the server sent them.
import { operationName, operationText, type Operation } from './operation';

export interface FieldProblem {
  field: string;
  message: string;
  rule?: string;
}

export interface GraphqlErrorBody {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; reason?: string; fields?: FieldProblem[]; [key: string]: unknown };
}

export class ApiError extends Error {
  readonly code: string;
  readonly reason?: string;
  readonly fields: FieldProblem[];
  readonly extensions: Record<string, unknown>;
  readonly status: number;

  constructor(message: string, code: string, status: number, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.extensions = extensions;
    this.reason = typeof extensions.reason === 'string' ? extensions.reason : undefined;
    this.fields = Array.isArray(extensions.fields) ? (extensions.fields as FieldProblem[]) : [];
  }

  static fromGraphql(error: GraphqlErrorBody, status: number): ApiError {
    const extensions = error.extensions ?? {};
    return new ApiError(error.message, extensions.code ?? 'INTERNAL_SERVER_ERROR', status, extensions);
  }

  /** Problems of one field (a figure code, `comment`, an input field). */
  problemsOf(field: string): FieldProblem[] {
    return this.fields.filter((problem) => problem.field === field || problem.field.endsWith(`.${field}`));
  }
}

/** Network failure or a response that is not GraphQL (proxy page, server down). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

export interface RequestOptions {
  token?: string | null;
  signal?: AbortSignal;
  /** Called when the server says the token is no longer valid. */
  onUnauthenticated?: () => void;
}

/** Sends one operation; its result and variable types are those generated for the document. */
export async function graphqlRequest<TData, TVariables extends object>(
  op: Operation<TData, TVariables>,
  variables: TVariables | undefined,
  options: RequestOptions = {},
): Promise<TData> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ query: operationText(op), operationName: operationName(op), variables: variables ?? {} }),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError((error as Error).message, NETWORK_ERROR, 0);
  }
  let body: { data?: TData | null; errors?: GraphqlErrorBody[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, response.status >= 500 ? NETWORK_ERROR : 'BAD_RESPONSE', response.status);
  }
  if (body.errors?.length) {
    const error = ApiError.fromGraphql(body.errors[0]!, response.status);
    if (error.code === 'UNAUTHENTICATED') options.onUnauthenticated?.();
    throw error;
  }
  if (!body.data) throw new ApiError(`HTTP ${response.status}`, 'BAD_RESPONSE', response.status);
  return body.data;
}

/** Downloads a file the API serves (an export) with the bearer token and hands it to the browser. */
export async function downloadWithToken(url: string, token: string, fallbackName: string): Promise<string> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      message = body?.message ?? body?.errors?.[0]?.message ?? message;
    } catch {
      // Not JSON: keep the status.
    }
    throw new ApiError(
      message,
      response.status === 403 ? 'FORBIDDEN' : response.status === 404 ? 'NOT_FOUND' : 'DOWNLOAD_FAILED',
      response.status,
    );
  }
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 30_000);
  return name;
}

/** The file name of a Content-Disposition header (RFC 6266 filename* first). */
export function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim().replace(/^"|"$/g, ''));
    } catch {
      // Malformed encoding: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim();
}
