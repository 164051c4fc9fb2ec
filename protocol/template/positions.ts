/** "line 2, column 5" for an offset in a body (both 1-based), as the macro editor shows it. */
export function describePosition(body: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = body.indexOf('\n'); i >= 0 && i < offset; i = body.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
