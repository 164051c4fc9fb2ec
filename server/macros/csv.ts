// RFC 4180 CSV: fields separated by commas, records by CRLF (LF alone is accepted too). A field
// in double quotes may hold commas, line breaks and quotes (written twice: `""`).

/** The CSV text cannot be read; the message says where and how to fix it. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line of the text where the problem is. */
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the text where the record starts. */
  line: number;
}

/**
 * Parse CSV text into records. A byte-order mark is dropped; blank lines (outside quotes) are
 * skipped. Throws CsvSyntaxError for an unclosed quote or text right after a closing quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** The current field was quoted: a quote after it is an error, not an opening quote. */
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    const wasQuoted = quoted;
    endField();
    const blank = fields.length === 1 && fields[0] === '' && !wasQuoted;
    if (!blank) records.push({ fields, line: recordLine });
    fields = [];
  };

  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '"' && field === '' && !quoted) {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= input.length) {
          throw new CsvSyntaxError(
            `The quoted field that starts on line ${quoteLine} is never closed. Add the closing ".`,
            quoteLine,
          );
        }
        const c = input[i]!;
        if (c === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      const next = input[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(
          `Line ${line} has text after a closing quote. Inside quotes, write a quote as "".`,
          line,
        );
      }
      quoted = true;
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    i++;
  }
  if (field !== '' || quoted || fields.length > 0) endRecord();
  return records;
}

/** Quote a field when it holds a comma, quote, line break, or leading/trailing space. */
function quote(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records to CSV text with CRLF line ends, ending in CRLF. */
export function serializeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}
