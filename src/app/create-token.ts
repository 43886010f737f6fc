/**
 * A private server (STALLMAP_CREATE_TOKEN) creates maps only with its create token. The home page
 * asks for it when the server says so, and keeps it on this browser, so it is asked once.
 */
const KEY = 'stallmap:create-token';

/** What the server's 401 says when creating needs the create token (server/api/create-token.ts). */
export const CREATE_TOKEN_REQUIRED = 'create-token-required';

export function storedCreateToken(): string | undefined {
  try {
    return localStorage.getItem(KEY) || undefined;
  } catch {
    return undefined;
  }
}

export function storeCreateToken(token: string | undefined): void {
  try {
    if (token) localStorage.setItem(KEY, token);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage off (a private window with it blocked): the token is asked for again next time.
  }
}
