export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

/** The server's origin, or an Error whose message tells the agent what to fix. */
export function parseServerUrl(input: string): URL | Error {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return new Error('Enter the server address, e.g. https://chat.example.com.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return new Error('The server address must start with http:// or https://.');
  }
  return url;
}
