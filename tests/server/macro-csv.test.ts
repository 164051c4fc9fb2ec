import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, serializeCsv } from '../../server/macros/csv';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('CSV (RFC 4180)', () => {
  it('reads plain and quoted fields, CRLF or LF, and skips blank lines', () => {
    expect(fields('a,b,c\r\n1,2,3\n\n4,,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
    expect(fields('"x, y","say ""hi""","two\r\nlines",""\n')).toEqual([
      ['x, y', 'say "hi"', 'two\r\nlines', ''],
    ]);
    expect(fields('\uFEFFa,b')).toEqual([['a', 'b']]);
    expect(fields('')).toEqual([]);
  });

  it('gives each record the line it starts on', () => {
    const records = parseCsv('h\n"a\nb"\nc');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open')).toThrow('starts on line 2 is never closed');
    expect(() => parseCsv('"a"b,c')).toThrow('text after a closing quote');
  });

  it('writes CSV that reads back to the same fields', () => {
    const rows = [
      ['plain', 'with, comma', 'with "quote"', 'line\nbreak', ' padded ', ''],
      ['=1+2', 'ünïcödé', '|', 'crlf\r\nhere', '""', 'x'],
    ];
    const text = serializeCsv(rows);
    expect(text.startsWith('plain,"with, comma","with ""quote"""')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(fields(text)).toEqual(rows);
  });
});
