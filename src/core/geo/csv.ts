import { GeoError } from './errors';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Splits CSV text into records: comma-separated, double-quoted fields may hold commas,
 * quotes ("") and line breaks; LF, CRLF and CR line ends; a leading byte-order mark is
 * ignored. Unquoted fields are trimmed. Lines holding only whitespace are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let afterClosingQuote = false;
  let hasContent = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endField = () => {
    fields.push(quoted ? field : field.trim());
    field = '';
    quoted = false;
    afterClosingQuote = false;
  };
  const endRecord = () => {
    endField();
    if (hasContent) records.push({ line: recordLine, fields });
    fields = [];
    hasContent = false;
  };

  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (inQuotes) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        inQuotes = false;
        afterClosingQuote = true;
      } else if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && source[i + 1] === '\n') i++;
        field += '\n';
        line++;
      } else {
        field += ch;
      }
    } else if (ch === ',') {
      hasContent = true;
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (ch === '"') {
      if (quoted || field.trim() !== '') {
        throw csvError(line, 'a quote mark is out of place (a quoted field must start and end with one)');
      }
      field = '';
      quoted = true;
      inQuotes = true;
      hasContent = true;
      quoteLine = line;
    } else if (afterClosingQuote) {
      if (ch.trim() !== '') {
        throw csvError(line, 'unexpected text after a closing quote mark');
      }
    } else {
      field += ch;
      if (ch.trim() !== '') hasContent = true;
    }
  }
  if (inQuotes) {
    throw csvError(quoteLine, 'a quoted field is never closed');
  }
  endRecord();
  return records;
}

function csvError(line: number, problem: string): GeoError {
  return new GeoError('invalid-csv', `Line ${line}: ${problem}.`, line);
}
